import Foundation

/// Placeholder replaced by the shared process runner.
package enum ProcessRunnerPlaceholder {}
