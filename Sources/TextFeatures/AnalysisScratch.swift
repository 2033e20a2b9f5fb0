#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The working memory of one analysis: the normalised text and its character classes, code point
/// starts, joined n-grams, feature ids and weights.
///
/// Each thread keeps one and reuses it, so that analysing a document allocates nothing once the buffers
/// have grown to the documents seen; a nested use on the same thread gets a fresh one. It is handed out
/// as a pointer: the hot loops read and grow its buffers without retains or exclusivity checks.
package struct AnalysisScratch: ~Copyable {
    /// The document's UTF-8 with one zero byte before it and zero padding after, for SIMD loads that
    /// look one byte back and one ahead.
    package var source = ScratchArray<UInt8>(capacity: 4096)
    /// The lower-cased (and accent-stripped) UTF-8 the analyzers read.
    package var text = ScratchArray<UInt8>(capacity: 4096)
    /// ``ByteClass`` of each byte of `text`; a code point's bytes share its class.
    package var classes = ScratchArray<UInt8>(capacity: 4096)
    /// Token bounds (start, end pairs) or code point starts, by analyzer.
    package var offsets = ScratchArray<Int32>(capacity: 1024)
    /// A word n-gram or a padded word being cut into character n-grams.
    package var joined = ScratchArray<UInt8>(capacity: 256)
    /// Code point starts inside `joined`.
    package var joinedStarts = ScratchArray<Int32>(capacity: 256)
    /// Where the records of the terms found lie in the vocabulary table, then the distinct feature ids.
    package var features = ScratchArray<Int32>(capacity: 1024)
    /// Vocabulary lookups started and not yet finished, ``lookupBatch`` at most.
    package let startedLookups = UnsafeMutablePointer<TermTable.Lookup.PendingLookup>.allocate(capacity: lookupBatch)
    /// The weight of each distinct feature.
    package var weights = ScratchArray<Double>(capacity: 1024)
    /// Room the feature sort moves ids through.
    package var sortSpare = ScratchArray<Int32>(capacity: 1024)
    private var inUse = false

    /// How many vocabulary lookups the vectorizer starts before it finishes them (5.5 KB of keys).
    package static var lookupBatch: Int { 64 }

    deinit { startedLookups.deallocate() }

    /// Makes the 16 class bytes past the text's end non-word (zero): token scanning reads classes 16 at a
    /// time and relies on them to close a word that runs to the end.
    @inline(__always)
    package mutating func padClasses() {
        classes.reserve(classes.count + 16)
        UnsafeMutableRawPointer(classes.base + classes.count).storeBytes(of: SIMD16<UInt8>(), as: SIMD16<UInt8>.self)
    }

    /// Runs `body` with this thread's scratch space.
    package static func withCurrent<Result>(_ body: (UnsafeMutablePointer<AnalysisScratch>) throws -> Result) rethrows -> Result {
        let scratch = current()
        if scratch.pointee.inUse { return try withFresh(body) }
        scratch.pointee.inUse = true
        defer {
            scratch.pointee.inUse = false
            scratch.pointee.release()
        }
        return try body(scratch)
    }

    /// Runs `body` with a scratch space of its own.
    package static func withFresh<Result>(_ body: (UnsafeMutablePointer<AnalysisScratch>) throws -> Result) rethrows -> Result {
        let scratch = UnsafeMutablePointer<AnalysisScratch>.allocate(capacity: 1)
        scratch.initialize(to: AnalysisScratch())
        defer {
            scratch.deinitialize(count: 1)
            scratch.deallocate()
        }
        return try body(scratch)
    }

    /// Gives back the memory an unusually large document took.
    private mutating func release() {
        source.removeAll()
        text.removeAll()
        classes.removeAll()
        offsets.removeAll()
        joined.removeAll()
        joinedStarts.removeAll()
        features.removeAll()
        weights.removeAll()
    }

    private static func current() -> UnsafeMutablePointer<AnalysisScratch> {
        if let stored = pthread_getspecific(threadKey) { return stored.assumingMemoryBound(to: AnalysisScratch.self) }
        let scratch = UnsafeMutablePointer<AnalysisScratch>.allocate(capacity: 1)
        scratch.initialize(to: AnalysisScratch())
        pthread_setspecific(threadKey, scratch)
        return scratch
    }

    private static func free(_ stored: UnsafeMutableRawPointer) {
        let scratch = stored.assumingMemoryBound(to: AnalysisScratch.self)
        scratch.deinitialize(count: 1)
        scratch.deallocate()
    }

    /// One key for every thread's scratch space; a thread's space is freed when the thread ends.
    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { stored in
            #if canImport(Darwin)
            AnalysisScratch.free(stored)
            #else
            if let stored { AnalysisScratch.free(stored) }
            #endif
        }
        precondition(status == 0, "pthread_key_create failed with \(status)")
        return key
    }()
}
