import Dispatch
import Glibc
import Synchronization

/// One run of a child process with its standard output captured: started
/// with `posix_spawn` in a process group of its own, standard input
/// inherited, standard error to /dev/null, and killed with SIGKILL when it
/// outlives its timeout.
struct ChildProcess {
    /// Everything the child wrote to standard output.
    var output: [UInt8] = []
    /// Whether a signal ended the child.
    var signaled = false
    /// The exit status, or the number of the signal that ended the child.
    var status: Int32 = 0
    /// Whether the child was killed for outliving its timeout.
    var timedOut = false

    /// Held while a child starts: from `pipe` to `fcntl` its pipe is not yet
    /// close-on-exec (the Glibc module has no `pipe2`), and a child started
    /// on another thread in that moment would keep the pipe open.
    private static let startLock = Mutex(())

    /// Runs `executable` with `arguments` (after argv[0], which is
    /// `executable`) and this process's environment, and waits for it.
    static func run(_ executable: String, _ arguments: [String], timeout: Double) throws(SpawnError) -> ChildProcess {
        let (pid, outputFD) = try startLock.withLock { _ throws(SpawnError) in try start(executable, arguments) }
        let watch = Watch()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + timeout)
        timer.setEventHandler { watch.killUnlessExited(pid) }
        timer.resume()

        var child = ChildProcess()
        child.output = readToEnd(outputFD) ?? []
        close(outputFD)
        // Wait without reaping, so that the timer can never kill another
        // process that was given the same pid.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        child.timedOut = watch.markExited()
        timer.cancel()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        child.signaled = signal != 0 && signal != 0x7F
        child.status = child.signaled ? signal : (status >> 8) & 0xFF
        return child
    }

    /// Starts the child with a pipe as its standard output; returns its pid
    /// and the read end of the pipe.
    private static func start(_ executable: String, _ arguments: [String]) throws(SpawnError) -> (pid: pid_t, outputFD: Int32) {
        var pipeFDs: [Int32] = [-1, -1]
        guard pipe(&pipeFDs) == 0 else { throw SpawnError(call: "pipe", code: errno) }
        defer { close(pipeFDs[1]) }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], STDOUT_FILENO)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            close(pipeFDs[0])
            throw SpawnError(call: "posix_spawn", code: result)
        }
        return (pid, pipeFDs[0])
    }

    /// Whether the child has exited and whether the timer killed it,
    /// shared by the waiting thread and the timer's handler.
    private final class Watch: Sendable {
        private let state = Mutex((exited: false, timedOut: false))

        /// Kills the child unless it has already exited (and may be reaped).
        func killUnlessExited(_ pid: pid_t) {
            state.withLock { state in
                guard !state.exited else { return }
                state.timedOut = true
                kill(pid, SIGKILL)
            }
        }

        /// Records that the child has exited; returns whether it timed out.
        func markExited() -> Bool {
            state.withLock { state in
                state.exited = true
                return state.timedOut
            }
        }
    }
}

/// A failure to start a child process: the call that failed and its errno.
struct SpawnError: Error, CustomStringConvertible {
    let call: String
    let code: Int32

    var description: String { "\(call): \(String(cString: strerror(code)))" }
}
