import Foundation

/// A built Velo tool run to its end as a user would run it: no colors, no Kafka cluster from the environment.
package struct ToolRun {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    package init(_ tool: String, _ arguments: [String], stdin: String = "", in directory: URL? = nil) throws {
        let result = try ProcessRunner.run(
            BuiltProducts.url(tool), arguments, stdin: .text(stdin),
            environment: ["NO_COLOR": "1", "VELO_KAFKA": ""], directory: directory)
        status = result.status
        stdout = result.stdout
        stderr = result.stderr
    }
}
