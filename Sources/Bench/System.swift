// Processes and memory, through the C library (no Foundation): the child process of the
// whole-process work and the resident memory of this one.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

enum ChildProcess {
    struct Outcome {
        let status: Int32
        /// Wall-clock seconds from spawn to exit.
        let seconds: Double
        /// The child's peak resident memory (its own maximum, from wait4's rusage).
        let maximumResidentBytes: Int
        /// The child's processor seconds (user and system, all its threads).
        let cpuSeconds: Double
    }

    /// Runs `path arguments…` with stdin on /dev/null, stdout and stderr on /dev/null or both
    /// written to the file `output` (made anew), this process's environment with `environment`
    /// set over it, and waits for it.
    static func run(
        _ path: String, _ arguments: [String], environment: [String: String], output: String? = nil
    ) throws -> Outcome {
        #if canImport(Darwin)
        var actions: posix_spawn_file_actions_t? = nil  // an opaque pointer on Darwin
        #else
        var actions = posix_spawn_file_actions_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let output {
            posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            for descriptor: Int32 in [1, 2] { posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0) }
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var variables: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            let name = String(text.prefix { $0 != "=" })
            if environment[name] == nil { variables.append(text) }
            index += 1
        }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) { variables.append("\(name)=\(value)") }
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid = pid_t()
        let start = KernelPeak.now()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, envp)
        guard spawned == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) == -1 {
            guard errno == EINTR else { throw BenchError("waiting for \(path) failed: error \(errno)") }
        }
        let seconds = KernelPeak.now() - start
        #if canImport(Darwin)
        let peak = Int(usage.ru_maxrss)  // bytes on macOS
        #else
        let peak = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #endif
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let cpu =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) * 1e-6
        return Outcome(status: exitStatus, seconds: seconds, maximumResidentBytes: peak, cpuSeconds: cpu)
    }
}

extension ChildProcess {
    /// Removes a folder the child may have made (its cache: a few small files), ignoring errors.
    static func removeTree(_ path: String) {
        guard let directory = opendir(path) else { return }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            let child = path + "/" + name
            if unlink(child) != 0 { removeTree(child) }
        }
        closedir(directory)
        rmdir(path)
    }
}

public enum Memory {
    static var processID: Int32 { getpid() }

    /// Processor seconds this process has used so far (user and system, every thread).
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    /// This process's resident memory now, in bytes (Linux; nil elsewhere).
    public static func residentBytes() -> Int? {
        #if os(Linux)
        guard let file = fopen("/proc/self/statm", "r") else { return nil }
        defer { fclose(file) }
        var size = 0, resident = 0
        guard withUnsafeMutablePointer(to: &size, { s in
            withUnsafeMutablePointer(to: &resident) { r in fscanf_two(file, s, r) }
        }) else { return nil }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }

    #if os(Linux)
    private static func fscanf_two(_ file: UnsafeMutablePointer<FILE>, _ a: UnsafeMutablePointer<Int>, _ b: UnsafeMutablePointer<Int>) -> Bool {
        var buffer = [CChar](repeating: 0, count: 128)
        guard fgets(&buffer, 128, file) != nil else { return false }
        let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        let fields = String(decoding: bytes, as: UTF8.self).split(separator: " ")
        guard fields.count >= 2, let x = Int(fields[0]), let y = Int(fields[1]) else { return false }
        a.pointee = x
        b.pointee = y
        return true
    }
    #endif

    /// The number of heap allocations so far, when a counting malloc is preloaded that exports
    /// `backprop_malloc_count` (see Sources/Kernels/README.md); nil otherwise.
    public static func allocationCount() -> Int? {
        guard let counter = counterFunction else { return nil }
        return Int(counter())
    }

    private typealias Counter = @convention(c) () -> UInt64
    private static let counterFunction: Counter? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "backprop_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: Counter.self)
    }()
}
