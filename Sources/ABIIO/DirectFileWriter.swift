import CTemporaryFileCleanup
import Dispatch
import Glibc
import Synchronization

/// Writes a new file in large aligned blocks with direct I/O (`O_DIRECT`), on a background queue.
///
/// Why: a buffered write copies every byte into the page cache, whose new pages the kernel must
/// find, fill and later write back. For a `score` output of 1.25 GB that kernel work took 1.2-1.9 s
/// of CPU on the benchmark machine (a 2-core virtual machine), beside 4.3 s of computing; written
/// directly, the device reads the bytes from these blocks and the cores stay with the computation.
///
/// Bytes are copied into one of `bufferCount` blocks aligned as statx(2) `STATX_DIOALIGN` asks; a
/// full block is written at its offset by a serial queue while the caller fills the next. The tail
/// (the last, partial block) is written without direct I/O by ``finish()``, since direct writes
/// must be whole aligned blocks. If the file system refuses a direct write (`EINVAL`), direct I/O
/// is turned off and that block and the rest are written through the page cache. The file's
/// contents are the same either way.
final class DirectFileWriter: @unchecked Sendable {
    /// Bytes per block: 512 KiB, a multiple of every alignment seen in practice (512 or 4096). Two
    /// blocks keep the device busy while the caller fills the next without adding much to the
    /// resident memory that `score` keeps under 64 MB.
    static let blockSize = 1 << 19
    static let bufferCount = 2

    let fileDescriptor: Int32
    /// The allocations, and the blocks in them (the same addresses unless a test misaligns them).
    private let allocations: [UnsafeMutableRawPointer]
    private let blocks: [UnsafeMutableRawPointer]
    private var current = 0
    private var filled = 0
    /// File offset of the current block's first byte.
    private var blockOffset = 0
    private let queue = DispatchQueue(label: "abikit.direct-file-writer")
    /// Free blocks, the current one not counted. Made with 0 and signalled up (libdispatch traps
    /// when a semaphore is freed below its initial value).
    private let freeBlocks = DispatchSemaphore(value: 0)
    /// The first failed write's errno (0: none); set on `queue`, read by the caller to stop early.
    private let failureCode = Atomic<Int32>(0)
    /// Whether writes still use direct I/O (cleared on `queue` after an `EINVAL`).
    private var isDirect = true
    private var isFinished = false

    /// Turns on direct I/O for `fileDescriptor` (a new, empty regular file) and returns a writer
    /// for it, or nil where the file system does not support direct I/O (then write as usual).
    /// `misalignedForTesting` offsets every block by one byte, so that direct writes fail with
    /// `EINVAL` and the fallback to the page cache is taken (tests only).
    static func make(fileDescriptor: Int32, misalignedForTesting: Bool = false) -> DirectFileWriter? {
        var memoryAlignment: UInt32 = 0
        var offsetAlignment: UInt32 = 0
        guard abikit_direct_io_alignment(fileDescriptor, &memoryAlignment, &offsetAlignment) == 0 else { return nil }
        let alignment = max(4096, Int(memoryAlignment), Int(offsetAlignment))
        guard alignment <= blockSize, blockSize % alignment == 0 else { return nil }
        guard abikit_set_direct_io(fileDescriptor, 1) == 0 else { return nil }
        return DirectFileWriter(fileDescriptor: fileDescriptor, alignment: alignment, shift: misalignedForTesting ? 1 : 0)
    }

    private init(fileDescriptor: Int32, alignment: Int, shift: Int) {
        self.fileDescriptor = fileDescriptor
        allocations = (0..<Self.bufferCount).map { _ in
            UnsafeMutableRawPointer.allocate(byteCount: Self.blockSize + shift, alignment: alignment)
        }
        blocks = allocations.map { $0 + shift }
        for _ in 1..<Self.bufferCount { freeBlocks.signal() }
    }

    deinit {
        // Nothing may still be writing from the blocks.
        queue.sync {}
        for allocation in allocations { allocation.deallocate() }
    }

    /// Whether writes still bypass the page cache (false once a direct write was refused).
    var writesDirectly: Bool { queue.sync { isDirect } }

    /// The errno of the first write that failed so far, if any.
    var failure: Int32? {
        let code = failureCode.load(ordering: .acquiring)
        return code == 0 ? nil : code
    }

    /// Appends `bytes`; returns the errno of an earlier failed write instead, if there was one.
    func append(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        precondition(!isFinished, "append after finish")
        guard var source = bytes.baseAddress else { return nil }
        var remaining = bytes.count
        while remaining > 0 {
            let room = Self.blockSize - filled
            let taken = min(room, remaining)
            (blocks[current] + filled).copyMemory(from: source, byteCount: taken)
            filled += taken
            source += taken
            remaining -= taken
            if filled == Self.blockSize {
                submitFullBlock()
                if let failure { return failure }
            }
        }
        return nil
    }

    private func submitFullBlock() {
        let index = current
        let offset = blockOffset
        queue.async { [self] in
            write(blocks[index], count: Self.blockSize, at: offset)
            freeBlocks.signal()
        }
        blockOffset += Self.blockSize
        current = (current + 1) % Self.bufferCount
        filled = 0
        // The serial queue frees blocks in the order they were submitted, so the next one in the
        // ring is the one the wait gives back.
        freeBlocks.wait()
    }

    /// Runs on `queue`.
    private func write(_ block: UnsafeMutableRawPointer, count: Int, at offset: Int) {
        guard failure == nil else { return }
        var written = 0
        while written < count {
            let result = pwrite(fileDescriptor, block + written, count - written, off_t(offset + written))
            if result >= 0 {
                if result == 0 { failureCode.store(EIO, ordering: .releasing); return }
                written += result
                continue
            }
            let code = errno
            if code == EINTR { continue }
            if code == EINVAL && isDirect && abikit_set_direct_io(fileDescriptor, 0) == 0 {
                // The file system took O_DIRECT but refuses this write: go through the page cache.
                isDirect = false
                continue
            }
            failureCode.store(code, ordering: .releasing)
            return
        }
    }

    /// Writes the last, partial block through the page cache and waits for every write. Returns
    /// the errno of the first failed write, or nil when every byte is in the file.
    func finish() -> Int32? {
        guard !isFinished else { return failure }
        isFinished = true
        let index = current
        let count = filled
        let offset = blockOffset
        return queue.sync {
            if failure == nil && count > 0 {
                // A partial block cannot be written directly.
                if isDirect && abikit_set_direct_io(fileDescriptor, 0) == 0 { isDirect = false }
                write(blocks[index], count: count, at: offset)
            }
            return failure
        }
    }

    /// Waits for the writes under way and writes nothing more (the file is being discarded).
    func abandon() {
        isFinished = true
        queue.sync {}
    }
}
