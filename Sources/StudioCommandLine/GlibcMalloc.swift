#if canImport(Glibc)
import Glibc

/// glibc's malloc tuning, looked up at run time: Swift's Glibc module does not bring in <malloc.h>.
public enum GlibcMalloc {
    private static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let p = dlsym(nil, name) else { return nil }  // nil is RTLD_DEFAULT on glibc
        return unsafeBitCast(p, to: type)
    }

    /// mallopt(M_ARENA_MAX, n): at most `n` arenas whatever the number of threads.
    @discardableResult
    public static func limitArenas(_ n: Int32) -> Bool {
        let M_ARENA_MAX: Int32 = -8
        return symbol("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self).map { $0(M_ARENA_MAX, n) == 1 } ?? false
    }

    /// malloc_trim(0): freed memory given back to the system.
    public static func trim() {
        _ = symbol("malloc_trim", as: (@convention(c) (Int) -> Int32).self)?(0)
    }
}
#endif
