import Testing

@testable import Datasets

@Suite struct TerminalImageTests {
    let pixels: [UInt8] = [0, 64, 128, 255]

    @Test func blocks() {
        let text = TerminalImage.render(pixels, width: 2, height: 2, label: 3, style: .blocks)
        #expect(text == "label 3\n┌────┐\n│  ░░│\n│▒▒██│\n└────┘\n")
    }

    @Test func ascii() {
        let text = TerminalImage.render(pixels, width: 2, height: 2, style: .ascii)
        #expect(text == "+----+\n|  ::|\n|++@@|\n+----+\n")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test(arguments: [(UInt8(0), Character(" ")), (51, " "), (52, "░"), (102, "░"), (103, "▒"), (153, "▒"), (154, "▓"), (204, "▓"), (205, "█"), (255, "█")])
    func blockShades(value: UInt8, shade: Character) {
        #expect(TerminalImage.shade(value, style: .blocks) == shade)
    }

    @Test func digitFromSplit() {
        let split = MNISTSplit(count: 1, rows: 28, cols: 28, images: Fixture.images(count: 1), labels: [7])
        let text = TerminalImage.render(split, index: 0, style: .ascii)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 1 + 30 + 1)  // label, frame, 28 rows, frame, final empty
        #expect(lines[0] == "label 7")
        #expect(lines[1...30].allSatisfy { $0.count == 58 })
    }
}

@Suite struct DigitGridTests {
    @Test func layoutAndCaptions() throws {
        let images = Fixture.images(count: 3)
        let grid = DigitGrid.render(images: images, captions: ["1", "7/2", "0"], columns: 2, scale: 1)
        // Cells are 32 wide (28 + 2 padding each side) and 2 + 28 + 14 = 44 tall.
        #expect(grid.width == 64 && grid.height == 88)
        // Digit 1 (third) sits at column 0, row 1, inside the padding.
        for (x, y) in [(0, 0), (13, 20), (27, 27)] {
            #expect(grid[2 + x, 44 + 2 + y] == images[2 * 784 + y * 28 + x])
        }
        #expect(grid[0, 0] == 64 && grid[33, 1] == 64)  // background
        // Caption of the first cell ("1", 3x5 glyph at scale 2 = 6x10), centred under the digit.
        let captionTop = 2 + 28 + 2
        var ink = 0
        for y in captionTop..<(captionTop + 10) {
            for x in 0..<32 where grid[x, y] == 255 { ink += 1 }
        }
        #expect(ink == 8 * 4)  // "1" has 8 lit cells, each 2x2
        // The grid written as PNG reads back identically.
        let png = PNG.encode(grid)
        #expect(try PNG.decodeGrayscale(png, file: "grid.png") == grid)
        #expect(DigitGrid.render(images: images, captions: ["1", "7/2", "0"], columns: 2, scale: 2).width == 128)
    }

    @Test func fromSplitClampsCount() {
        let split = MNISTSplit(count: 3, rows: 28, cols: 28, images: Fixture.images(count: 3), labels: [4, 5, 6])
        #expect(DigitGrid.render(split: split, count: 10, scale: 1).width == 3 * 32)
        #expect(DigitGrid.render(split: split, count: 0, scale: 1).width == 32)
        #expect(DigitGrid.render(split: split, count: 2, columns: 1, scale: 1).height == 2 * 44)
    }

    @Test func fontCoversDigits() {
        for d in 0...9 {
            let glyph = TinyFont.glyphs[Character(String(d))]
            #expect(glyph?.count == 5 && glyph!.allSatisfy { $0.count == 3 })
        }
        #expect(TinyFont.textWidth("7/2", scale: 2) == 22)
    }
}

@Suite struct MNISTInfoTests {
    static func tiny() -> MNIST {
        // Train: two 28x28 images, the first all 0, the second all 255 except one 51.
        var images = [UInt8](repeating: 0, count: 784) + [UInt8](repeating: 255, count: 784)
        images[784] = 51
        let train = MNISTSplit(count: 2, rows: 28, cols: 28, images: images, labels: [5, 0])
        let test = MNISTSplit(count: 1, rows: 28, cols: 28, images: [UInt8](repeating: 3, count: 784), labels: [9])
        return MNIST(train: train, test: test)
    }

    @Test func numbers() {
        let info = MNISTInfo(Self.tiny())
        #expect(info.trainImagesShape == [2, 28, 28] && info.trainLabelsShape == [2])
        #expect(info.testImagesShape == [1, 28, 28] && info.testLabelsShape == [1])
        #expect(info.pixelMin == 0 && info.pixelMax == 255)
        #expect(info.firstTrainLabels == [5, 0])
        #expect(info.trainLabelCounts == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        #expect(info.testLabelCounts == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
        // 783 ones and one 0.2 among 1568 pixels.
        let n = 1568.0
        let mean = (783 + 0.2) / n
        let variance = (783 + 0.04) / n - mean * mean
        #expect(abs(info.trainMean - mean) < 1e-15)
        #expect(abs(info.trainStd - variance.squareRoot()) < 1e-15)
    }

    @Test func report() {
        let text = MNISTInfo(Self.tiny()).report(style: .ascii)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(lines[0..<9]) == [
            "MNIST",
            "checksums:   not verified",
            "shapes:",
            "  train images  (2, 28, 28)     uint8",
            "  train labels  (2,)            uint8",
            "  test images   (1, 28, 28)     uint8",
            "  test labels   (1,)            uint8",
            "pixel range: 0 to 255",
            "first 2 training labels: 5 0",
        ])
        #expect(lines.contains("      5        1      0"))
        #expect(lines.contains("  total        2      1"))
        #expect(lines.contains("normalized training pixels (x/255): mean 0.4994898  std 0.4998977"))
        #expect(lines.contains("label 5"))
        #expect(!text.contains("/tmp"))
    }

    @Test(arguments: [
        (0.1306604762738429, 7, "0.1306605"), (0.3081078038564622, 7, "0.3081078"), (12.5, 2, "12.50"),
        (-0.00000001, 3, "0.000"), (-1.25, 1, "-1.3"), (3.0, 0, "3"), (0.0005, 3, "0.001"),
    ])
    func fixedDigits(value: Double, digits: Int, text: String) {
        #expect(MNISTInfo.fixed(value, digits: digits) == text)
    }

    @Test func pixelStatistics() {
        let s = PixelStatistics([0, 255, 255, 0, 51])
        #expect(s.count == 5 && s.min == 0 && s.max == 255)
        #expect(abs(s.mean - 2.2 / 5) < 1e-15)
        #expect(s.histogram[255] == 2 && s.histogram[51] == 1 && s.histogram.reduce(0, +) == 5)
        let empty = PixelStatistics([])
        #expect(empty.mean == 0 && empty.std == 0)
    }
}

@Suite(.enabled(if: RealMNIST.shouldRun, "real MNIST not present (set MNIST_DIR)"))
struct RealMNISTInfoTests {
    @Test func reportOnRealData() throws {
        guard RealMNIST.require() != nil, let loaded = RealMNIST.loaded else { return }
        let m = try loaded.get()
        #if DEBUG
        // The full-set statistics are checked in release; debug uses a small slice.
        let small = MNIST(
            train: MNISTSplit(count: 100, rows: 28, cols: 28, images: Array(m.train.images[0..<78400]), labels: Array(m.train.labels[0..<100])),
            test: m.test)
        let info = MNISTInfo(small)
        #expect(info.firstTrainLabels == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4])
        #else
        let info = MNISTInfo(m)
        let text = info.report()
        #expect(text.contains("normalized training pixels (x/255): mean 0.1306605  std 0.3081078\n"))
        #expect(text.contains("  train images  (60000, 28, 28) uint8\n"))
        #expect(text.contains("first 10 training labels: 5 0 4 1 9 2 1 3 1 4\n"))
        #expect(text.contains("pixel range: 0 to 255\n"))
        #endif
        #expect(info.firstLabel == 5)
        let picture = TerminalImage.render(info.firstImage, label: 5, style: .ascii)
        // Row 6 of the first training image (the top stroke of the 5) is where ink starts.
        let rows = picture.split(separator: "\n")
        #expect(rows[2...6].allSatisfy { $0 == "|" + String(repeating: " ", count: 56) + "|" })
        #expect(rows[7] != "|" + String(repeating: " ", count: 56) + "|")
    }
}
