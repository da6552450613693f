import CTemporaryFileCleanup
import Glibc

/// A directory of output files written atomically: the files go to a temporary directory beside
/// the target (`.NAME.abikit-XXXXXX`), and ``commit()`` renames it into place, so readers see the
/// old directory or the complete new one, never a half-written report. If anything fails, or the
/// value is released without ``commit()``, the temporary directory is removed; on SIGINT, SIGTERM
/// or SIGHUP its files are removed by the async-signal-safe handler of `CTemporaryFileCleanup`.
///
/// An existing target directory is replaced: it is renamed aside, the new one renamed into place,
/// then the old one removed (POSIX has no atomic exchange of non-empty directories; between the
/// two renames the target name is briefly absent). A target that is not a directory is refused.
/// A reference type because it owns a directory; use it from one thread at a time.
public final class OutputDirectory {
    /// The target path, as given.
    public let path: String
    /// The temporary directory the files are written to.
    public let temporaryPath: String
    var files: [String] = []
    var directories: [String] = []
    var isFinished = false

    /// Creates the temporary directory beside `path`.
    /// - Throws: ``OutputError/createFailed(path:errno:message:)`` if it cannot be made, or if
    ///   `path` exists and is not a directory.
    public init(path: String) throws(OutputError) {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.path = trimmed
        var existing = stat()
        if stat(trimmed, &existing) == 0 && (existing.st_mode & S_IFMT) != S_IFDIR {
            throw .createFailed(path: path, errno: ENOTDIR, message: "exists and is not a directory")
        }
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { String(trimmed[...$0]) } ?? ""
        let base = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        var template = Array("\(parent).\(base).abikit-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            let code = errno
            throw .createFailed(path: path, errno: code, message: String(cString: strerror(code)))
        }
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        _ = abikit_cleanup_tree_add(temporaryPath, 1)
        // mkdtemp makes 0700 directories; a report is for sharing: the usual mode for new directories.
        let mask = umask(0)
        umask(mask)
        chmod(temporaryPath, 0o777 & ~mask)
    }

    deinit {
        if !isFinished { discard() }
    }

    /// Writes `bytes` to `relativePath` (its subdirectories are created), replacing a file written earlier.
    public func write(_ relativePath: String, bytes: [UInt8]) throws(OutputError) {
        precondition(!isFinished, "the directory was already committed or discarded")
        precondition(!relativePath.hasPrefix("/") && !relativePath.split(separator: "/").contains(".."), "a path inside the directory")
        let parts = relativePath.split(separator: "/").map(String.init)
        var directory = temporaryPath
        for part in parts.dropLast() {
            directory += "/" + part
            if !directories.contains(directory) {
                _ = abikit_cleanup_tree_add(directory, 1)
                guard mkdir(directory, 0o777) == 0 || errno == EEXIST else {
                    let code = errno
                    throw .createFailed(path: "\(path)/\(relativePath)", errno: code, message: String(cString: strerror(code)))
                }
                directories.append(directory)
            }
        }
        let file = temporaryPath + "/" + relativePath
        if !files.contains(file) {
            _ = abikit_cleanup_tree_add(file, 0)
            files.append(file)
        }
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            let code = errno
            throw .createFailed(path: "\(path)/\(relativePath)", errno: code, message: String(cString: strerror(code)))
        }
        let sink = OutputSink(fileDescriptor: descriptor, name: "\(path)/\(relativePath)")
        defer { close(descriptor) }
        var failure: OutputError? = nil
        bytes.withUnsafeBytes { buffer in
            do throws(OutputError) { try sink.write(buffer) } catch { failure = error }
        }
        if let failure { throw failure }
        guard fsync(descriptor) == 0 else {
            let code = errno
            throw .syncFailed(path: "\(path)/\(relativePath)", errno: code, message: String(cString: strerror(code)))
        }
    }

    /// Renames the finished directory into place (replacing an existing directory).
    public func commit() throws(OutputError) {
        precondition(!isFinished, "the directory was already committed or discarded")
        var existing = stat()
        var aside: String? = nil
        if stat(path, &existing) == 0 {
            guard (existing.st_mode & S_IFMT) == S_IFDIR else {
                discard()
                throw .createFailed(path: path, errno: ENOTDIR, message: "exists and is not a directory")
            }
            let candidate = temporaryPath + ".old"
            guard rename(path, candidate) == 0 else {
                let code = errno
                discard()
                throw .createFailed(path: path, errno: code, message: "cannot move the old directory aside: \(String(cString: strerror(code)))")
            }
            aside = candidate
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            if let aside { rename(aside, path) }
            discard()
            throw .renameFailed(path: path, errno: code, message: String(cString: strerror(code)))
        }
        isFinished = true
        abikit_cleanup_tree_disarm()
        if let aside { Self.removeTree(aside) }
    }

    /// Removes the temporary directory and everything written to it.
    public func discard() {
        guard !isFinished else { return }
        isFinished = true
        for file in files.reversed() { unlink(file) }
        for directory in directories.reversed() { rmdir(directory) }
        rmdir(temporaryPath)
        abikit_cleanup_tree_disarm()
    }

    /// Removes a directory tree (the replaced report), depth first.
    static func removeTree(_ path: String) {
        guard let directory = opendir(path) else { unlink(path); return }
        var children: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { children.append(path + "/" + name) }
        }
        closedir(directory)
        for child in children {
            var status = stat()
            if lstat(child, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR { removeTree(child) } else { unlink(child) }
        }
        rmdir(path)
    }
}
