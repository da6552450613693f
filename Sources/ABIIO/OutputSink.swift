import CTemporaryFileCleanup
import Glibc

/// Where rendered output goes: standard output (streamed) or a file replaced atomically.
///
/// For a file, bytes go to a temporary file in the same directory; ``commit()`` fsyncs it and renames
/// it over the target, so readers see either the old file or the complete new one. If anything fails,
/// or the sink is released without ``commit()``, the temporary file is removed and the old target is
/// untouched. Where the file system supports direct I/O, the temporary file's bytes bypass the page
/// cache (aligned blocks written from a background queue; the tail and any refused block go through
/// it). The temporary file is also removed when the process gets SIGINT, SIGTERM or SIGHUP
/// (an async-signal-safe handler in `CTemporaryFileCleanup`, which then re-raises the signal); one
/// atomic file at a time is protected that way. A reference type because it owns a file descriptor; use it from one thread at a time.
public final class OutputSink {
    /// The name used in messages: the target path or `<stdout>`.
    public let name: String
    let fileDescriptor: Int32
    let ownsFileDescriptor: Bool
    /// For atomic files: the temporary path and the target path.
    let temporaryPath: String?
    let targetPath: String?
    var isFinished = false
    /// The first write failure; later writes report it again instead of writing.
    var failure: OutputError?
    /// Atomic files: bytes written, and how many of them have been handed to the kernel's writeback.
    var bytesWritten = 0
    var writebackStarted = 0
    /// Atomic files on a file system with direct I/O: writes go through this instead of write(2).
    let directWriter: DirectFileWriter?
    /// Writeback of an atomic file is started every this many bytes, so the disk writes while the
    /// program computes and ``commit()``'s fsync waits only for the last part.
    static let writebackStep = 32 << 20

    /// Writes to an open descriptor, e.g. `STDOUT_FILENO`; never closes it.
    public init(fileDescriptor: Int32, name: String) {
        self.fileDescriptor = fileDescriptor
        self.ownsFileDescriptor = false
        self.name = name
        self.temporaryPath = nil
        self.targetPath = nil
        self.directWriter = nil
    }

    /// Standard output, streamed.
    public static func standardOutput() -> OutputSink {
        OutputSink(fileDescriptor: STDOUT_FILENO, name: "<stdout>")
    }

    /// A sink that replaces `path` atomically on ``commit()``.
    /// - Throws: ``OutputError/createFailed(path:errno:message:)`` if the temporary file cannot be made
    ///   (for example the directory does not exist or is not writable).
    public static func atomicFile(path requestedPath: String) throws(OutputError) -> OutputSink {
        try atomicFile(path: requestedPath, misalignedDirectIOForTesting: false)
    }

    /// ``atomicFile(path:)``; `misalignedDirectIOForTesting` makes direct writes fail, to test the
    /// fallback to buffered writes.
    static func atomicFile(path requestedPath: String, misalignedDirectIOForTesting: Bool) throws(OutputError) -> OutputSink {
        // A symbolic link: replace the file it points to, keeping the link.
        var path = requestedPath
        if let resolved = realpath(requestedPath, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        // Not a regular file (/dev/null, a FIFO, a terminal): write to it directly. Renaming a
        // temporary file over it would replace the device with a file.
        var existing = stat()
        if stat(path, &existing) == 0 && (existing.st_mode & S_IFMT) != S_IFREG {
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code = errno
                throw .createFailed(path: requestedPath, errno: code, message: String(cString: strerror(code)))
            }
            return OutputSink(ownedDescriptor: descriptor, name: requestedPath)
        }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory).\(base).abikit-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard descriptor >= 0 else {
            let code = errno
            throw .createFailed(path: path, errno: code, message: String(cString: strerror(code)))
        }
        // mkstemp replaced the X's in place; drop the terminating NUL.
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // From here until commit or discard, a signal removes the temporary file.
        template.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { _ = abikit_cleanup_arm(base) }
        }
        // mkstemp makes 0600 files; give the result the target's mode, or the usual mode for new files.
        var status = stat()
        if stat(path, &status) == 0 {
            fchmod(descriptor, status.st_mode & 0o7777)
            if status.st_size >= Self.dropOldPagesFromBytes { dropCachedPages(of: path) }
        } else {
            let mask = umask(0o022)
            umask(mask)
            fchmod(descriptor, 0o666 & ~mask)
        }
        return OutputSink(descriptor: descriptor, temporaryPath: temporary, targetPath: path,
                          directWriter: DirectFileWriter.make(fileDescriptor: descriptor, misalignedForTesting: misalignedDirectIOForTesting))
    }

    /// Replacing a file at least this large first drops the old file's pages from the page cache.
    static let dropOldPagesFromBytes = 8 << 20

    /// Asks the kernel to drop the cached pages of the file at `path`, which this sink is about to
    /// replace (`posix_fadvise(POSIX_FADV_DONTNEED)`; dirty pages are only queued for writeback). The
    /// file on disk is untouched and a failure changes nothing. Without this, the new file's pages
    /// were new memory while the old file's stayed cached until the rename freed them: replacing a
    /// 1.25 GB `score` output took 5.9-7.3 s (3.5-4.7 s of it in the kernel) instead of 3.6-4.6 s
    /// on the benchmark machine, a virtual machine whose fresh memory is slow to get.
    static func dropCachedPages(of path: String) {
        let old = open(path, O_RDONLY | O_CLOEXEC)
        guard old >= 0 else { return }
        _ = posix_fadvise(old, 0, 0, POSIX_FADV_DONTNEED)
        close(old)
    }

    /// A descriptor this sink closes when it is committed or discarded.
    init(ownedDescriptor: Int32, name: String) {
        self.fileDescriptor = ownedDescriptor
        self.ownsFileDescriptor = true
        self.name = name
        self.temporaryPath = nil
        self.targetPath = nil
        self.directWriter = nil
    }

    init(descriptor: Int32, temporaryPath: String, targetPath: String, directWriter: DirectFileWriter?) {
        self.fileDescriptor = descriptor
        self.ownsFileDescriptor = true
        self.name = targetPath
        self.temporaryPath = temporaryPath
        self.targetPath = targetPath
        self.directWriter = directWriter
    }

    deinit {
        if !isFinished { discard() }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR.
    /// - Throws: ``OutputError/brokenPipe`` on EPIPE, ``OutputError/writeFailed(path:errno:message:)`` otherwise.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if let failure { throw failure }
        precondition(!isFinished, "write after commit or discard")
        if let directWriter {
            if let code = directWriter.append(bytes) { try fail(code) }
            return
        }
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(fileDescriptor, pointer, remaining)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                try fail(code)
            }
            pointer += written
            remaining -= written
        }
        if temporaryPath != nil {
            bytesWritten += bytes.count
            if bytesWritten - writebackStarted >= Self.writebackStep {
                // Asynchronous (SYNC_FILE_RANGE_WRITE only starts writeback); durability still
                // comes from the fsync in commit(). A failure here changes nothing and is ignored.
                _ = abikit_start_writeback(fileDescriptor, Int64(writebackStarted), Int64(bytesWritten - writebackStarted))
                writebackStarted = bytesWritten
            }
        }
    }

    /// Records a failed write (`errno` `code`), discards the output and throws.
    private func fail(_ code: Int32) throws(OutputError) -> Never {
        let error: OutputError = code == EPIPE
            ? .brokenPipe
            : .writeFailed(path: name, errno: code, message: String(cString: strerror(code)))
        failure = error
        discard()
        throw error
    }

    /// Finishes the output. For an atomic file: fsync, close and rename over the target.
    /// For a descriptor: nothing to do beyond marking the sink finished.
    public func commit() throws(OutputError) {
        if let failure { throw failure }
        guard !isFinished else { return }
        guard let temporaryPath, let targetPath else {
            isFinished = true
            if ownsFileDescriptor { close(fileDescriptor) }
            return
        }
        if let code = directWriter?.finish() { try fail(code) }
        if fsync(fileDescriptor) != 0 {
            let code = errno
            discard()
            throw .syncFailed(path: targetPath, errno: code, message: String(cString: strerror(code)))
        }
        isFinished = true
        if close(fileDescriptor) != 0 {
            let code = errno
            unlink(temporaryPath)
            abikit_cleanup_disarm()
            throw .syncFailed(path: targetPath, errno: code, message: String(cString: strerror(code)))
        }
        if rename(temporaryPath, targetPath) != 0 {
            let code = errno
            unlink(temporaryPath)
            abikit_cleanup_disarm()
            throw .renameFailed(path: targetPath, errno: code, message: String(cString: strerror(code)))
        }
        abikit_cleanup_disarm()
    }

    /// Abandons the output: removes the temporary file, leaving any old target untouched.
    public func discard() {
        guard !isFinished else { return }
        isFinished = true
        // The writer's queue must not write to a closed (and perhaps reused) descriptor.
        directWriter?.abandon()
        if ownsFileDescriptor { close(fileDescriptor) }
        if let temporaryPath {
            unlink(temporaryPath)
            abikit_cleanup_disarm()
        }
    }
}
