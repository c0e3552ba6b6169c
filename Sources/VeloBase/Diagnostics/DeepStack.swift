#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a tool's work on a thread with a large stack. SQL expressions are trees: checking, formatting,
/// planning and evaluating them recurse once per level, and a generated flat chain (`a OR b OR …` of
/// 20,000 terms) is 20,000 levels deep: more than the main thread's 8 MiB holds. This stack is address
/// space only (pages are touched as used). The parser refuses expressions deeper than
/// `SQLParser.maxHeight` levels, which fit this stack with room to spare even in a debug build.
package enum DeepStack {
    /// 2 GiB of address space.
    package static let bytes = 2 << 30

    private final class Job {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `body` on a new thread with a `bytes` stack and waits for it (in place if no thread can be made).
    package static func run<T>(_ body: @escaping () -> T) -> T {
        var result: T?
        let job = Job { result = body() }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let made =
            pthread_attr_setstacksize(&attributes, bytes) == 0
            && pthread_create(
                &thread, &attributes,
                { context in
                    Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().work()
                    return nil
                }, context) == 0
        guard made else {
            Unmanaged<Job>.fromOpaque(context).release()
            return body()
        }
        // The waiting thread takes no signals, so a process-directed one (Ctrl+C) reaches the tool's thread:
        // a shell blocked in poll must see EINTR, which it would not if this thread, in pthread_join, took it.
        var all = sigset_t()
        var previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_BLOCK, &all, &previous)
        pthread_join(thread, nil)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        return result!
    }
}
