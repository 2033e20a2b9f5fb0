#if canImport(Glibc)
import Glibc
#endif

/// Gives the memory that loading freed (the artifacts' JSON text and its parse) back to the system, so
/// that the resident size of a serving process is what it serves with. glibc keeps freed heap pages
/// until `malloc_trim`, which its headers declare outside the Swift module, so it is looked up at run
/// time; where there is none (another C library), this does nothing.
enum HeapTrim {
    static func afterLoading() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
