import Foundation

/// The package's root folder, for the files the tests read (Lessons/, Transcripts/).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
