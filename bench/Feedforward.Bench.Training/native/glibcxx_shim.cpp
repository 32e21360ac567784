// A stand-in for libstdc++.so.6 that adds the one symbol version TorchSharp needs.
//
// TorchSharp 0.107.0's libLibTorchSharp.so is built with GCC 13 or later and requires
// std::ios_base_library_init() at version GLIBCXX_3.4.32. Debian 12 ships GCC 12's libstdc++,
// whose newest version is GLIBCXX_3.4.30, so the dynamic loader rejects the library.
//
// Defining the symbol in some preloaded library is not enough: glibc checks each version
// requirement against the object whose name the requirement carries (libstdc++.so.6). So this
// library takes that name as its soname, defines every version node of the system libstdc++
// (the build script generates them), and defines GLIBCXX_3.4.32 with the symbol. It is
// preloaded ahead of the real libstdc++, which still supplies every other symbol.
//
// GCC 13 headers call ios_base_library_init() so that the standard streams exist before a
// program uses them. GCC 12's libstdc++ and the .NET host already construct them, so a body
// that does nothing is enough here.

namespace std
{
    void ios_base_library_init();
    void ios_base_library_init() {}
}
