import Foundation
import Support
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing things that are not regular files, with the one reader and writer.
@Suite struct FileTrustTests {
    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let directory = temporaryDirectory()
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: FileError(.unreadable, file: fifo, "is a named pipe (FIFO), not a regular file", pathKind: .fifo)) {
            try FileIO.readAll(fifo)
        }
        // Writing would block until a reader came: refused, and the FIFO stays.
        #expect(
            throws: FileError(
                .writeFailed, file: fifo, "is a named pipe (FIFO), not a regular file; expected a file name to write")
        ) { try FileIO.writeAtomically("x", to: fifo, creatingFolders: true) }
        #expect(throws: FileError.self) { try FileIO.prepareToWrite(fifo) }
        #expect(FileIO.kind(of: fifo) == .fifo)
    }

    @Test func linksThatLeadNowhereSaySo() throws {
        let directory = temporaryDirectory()
        let dangling = directory + "/dangling", loop = directory + "/loop"
        #expect(symlink(directory + "/nothing", dangling) == 0)
        #expect(symlink(loop, loop) == 0)
        #expect(throws: FileError(.unreadable, file: dangling, "is a symbolic link to a missing file", pathKind: .danglingLink)) {
            try FileIO.readAll(dangling)
        }
        #expect(throws: FileError(.unreadable, file: loop, "is a symbolic link loop", pathKind: .linkLoop)) {
            try FileIO.readAll(loop)
        }
        #expect(
            throws: FileError(
                .unreadable, file: "/dev/zero", "is a character device, not a regular file", pathKind: .characterDevice)
        ) { try FileIO.readAll("/dev/zero") }
    }

    @Test func aFileLargerThanTheLimitIsRefused() throws {
        let directory = temporaryDirectory()
        try FileIO.writeAtomically([UInt8](repeating: 1, count: 100), to: directory + "/f", creatingFolders: true)
        #expect(throws: FileError(.unreadable, file: directory + "/f", "expected a file of at most 99 bytes but found 100 bytes")) {
            try FileIO.readAll(directory + "/f", limit: 99)
        }
        #expect(try FileIO.readAll(directory + "/f", limit: 100).count == 100)
    }

    /// A link to a device is written through in place (a rename would replace the link, here
    /// in a temporary folder, never the device): /dev/null takes it, /dev/full is an error.
    @Test func devicesAreWrittenInPlaceAndAFullOneIsAnError() throws {
        let directory = temporaryDirectory()
        let null = directory + "/null", full = directory + "/full"
        #expect(symlink("/dev/null", null) == 0)
        #expect(symlink("/dev/full", full) == 0)
        try FileIO.writeAtomically("to nowhere", to: null, creatingFolders: true)
        #expect(throws: FileError(.writeFailed, file: full, "writing failed: no space left on the device")) {
            try FileIO.writeAtomically("to a full disk", to: full, creatingFolders: true)
        }
        for link in [null, full] {
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) != nil, "\(link) replaced")
            #expect(FileIO.kind(of: link) == .characterDevice)
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/.full.partial"))
    }

    /// Through a link to a regular file, the file is replaced and the link stays a link.
    @Test func aLinkToAFileKeepsBeingALink() throws {
        let directory = temporaryDirectory()
        try FileIO.writeAtomically("old", to: directory + "/target.csv", creatingFolders: true)
        #expect(symlink(directory + "/target.csv", directory + "/link.csv") == 0)
        try FileIO.writeAtomically("new", to: directory + "/link.csv", creatingFolders: true)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.csv") == directory + "/target.csv")
        #expect(String(decoding: try FileIO.readAll(directory + "/target.csv"), as: UTF8.self) == "new")
    }

    /// A FIFO planted where the temporary file goes is removed, never opened (which would block).
    @Test func aFIFOInPlaceOfTheTemporaryFileDoesNotBlock() throws {
        let directory = temporaryDirectory()
        #expect(mkfifo(directory + "/.out.csv.partial", 0o644) == 0)
        try FileIO.writeAtomically("a,b\n", to: directory + "/out.csv", creatingFolders: true)
        #expect(String(decoding: try FileIO.readAll(directory + "/out.csv"), as: UTF8.self) == "a,b\n")
    }

    @Test func anAtomicWriteReplacesTheWholeFileAndOverwritesAStalePartialFile() throws {
        let directory = temporaryDirectory()
        let path = directory + "/out.txt"
        try FileIO.writeAtomically("first", to: path, creatingFolders: true)
        try FileIO.writeAtomically("a stale half", to: directory + "/.out.txt.partial.keep", creatingFolders: true)
        try FileIO.writeAtomically(Array("stale".utf8), to: directory + "/.out.txt.partial", creatingFolders: true)
        try FileIO.writeAtomically("second", to: path, creatingFolders: true)
        #expect(String(decoding: try FileIO.readAll(path), as: UTF8.self) == "second")
        #expect(!FileManager.default.fileExists(atPath: directory + "/.out.txt.partial"))
        #expect(throws: FileError.self) { try FileIO.writeAtomically("x", to: directory + "/out.txt/inside", creatingFolders: true) }
    }

    @Test func writingCreatesMissingFoldersAndRefusesAFileInTheWay() throws {
        let directory = temporaryDirectory()
        try FileIO.writeAtomically("deep", to: directory + "/a/b/c.txt", creatingFolders: true)
        #expect(String(decoding: try FileIO.readAll(directory + "/a/b/c.txt"), as: UTF8.self) == "deep")
        #expect(
            throws: FileError(
                .writeFailed, file: directory + "/a/b/c.txt/d.txt",
                "cannot write it: \(directory)/a/b/c.txt is not a directory")
        ) {
            try FileIO.writeAtomically("x", to: directory + "/a/b/c.txt/d.txt", creatingFolders: true)
        }
    }
}

/// A new empty folder for one test.
func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "backprop-support-tests-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
