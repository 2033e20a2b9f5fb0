#if canImport(Glibc)
import Glibc
#endif

/// glibc's allocator, set and trimmed for a server whose models are loaded again on every reload. Its headers
/// declare `malloc_trim` and `mallopt` outside the Swift module, so they are looked up at run time; where there are
/// none (another C library), this does nothing.
enum HeapTrim {
    /// Blocks of 128 KiB and more (a model's tables: the embedding model's 16 MiB piece table and 21 MB of layer
    /// weights, a TF-IDF model's term table) get pages of their own, given back as they are freed. glibc's default
    /// raises that threshold to the size of each large block freed, up to 32 MiB, so that after the first reload freed
    /// the old models, the next reloads' tables came from the heap, whose free pages outlive the reload: RssAnon went
    /// from 52 to 159 MB over six reloads with no load (docs/performance.md, "Reloads and the heap"). An operator's
    /// own `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=…` or `MALLOC_MMAP_THRESHOLD_` wins.
    static func keepLargeBlocksMapped(environment: [String: String]) {
        #if canImport(Glibc)
        if environment["MALLOC_MMAP_THRESHOLD_"] != nil || environment["GLIBC_TUNABLES"]?.contains("mmap_threshold") == true { return }
        typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: MallOpt.self)(mmapThreshold, 128 * 1024)
        #endif
    }

    /// Gives the memory that loading freed (the artifacts' JSON text and its parse) back to the system, so
    /// that the resident size of a serving process is what it serves with. glibc keeps freed heap pages
    /// until `malloc_trim`.
    static func afterLoading() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
