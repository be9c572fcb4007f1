#pragma once
// Maps fresh pages for writing in one call (madvise MADV_POPULATE_WRITE,
// Linux 5.14) instead of a page fault on each page's first write. On this
// project's machines (virtual) a fault cost about 8 µs a 4 KB page: writing
// 1 GB of fresh memory page by page took 3.6 s, the call and the same writes
// 1.5 s. A hint: where the kernel does not know it, the writes fault as before.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>

namespace forestsink {

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; glibc 2.36's headers may not name it
#endif

// The whole pages of [begin, begin + bytes) and those it shares with
// neighbours (which must be mapped: a vector's own allocation).
inline void prefaultForWriting(const void* begin, std::size_t bytes) {
    if (bytes == 0) return;
    static const std::uintptr_t page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const std::uintptr_t first = reinterpret_cast<std::uintptr_t>(begin) & ~(page - 1);
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(begin) + bytes + page - 1) & ~(page - 1);
    madvise(reinterpret_cast<void*>(first), end - first, MADV_POPULATE_WRITE);  // a hint: errors change nothing
}

}  // namespace forestsink
