import Testing

@testable import BackpropCLI

@Suite("Help") struct HelpTests {
    @Test func commandHelpSnapshot() {
        let run = runTestTool(["mnist", "train", "--help"])
        #expect(run.code == 0 && run.err == "")
        #expect(
            run.out == """
                backprop mnist train: train a network on MNIST

                Usage: backprop mnist train [options] [NETWORK]

                Trains NETWORK (a small MLP when omitted) on the MNIST training set and reports accuracy on the test
                set after every epoch.

                Arguments:
                  NETWORK              the network file (optional)

                Options:
                      --epochs N       passes over the training set (integer in [1, 1000]; default 5)
                      --batch-size N   examples per gradient step (integer ≥ 1; default 32)
                      --lr X           learning rate (number > 0; default 0.001)
                      --dropout X      probability of dropping a unit (number in [0, 1]; default 0.5)
                      --optimizer sgd|momentum|adam
                                       the update rule (default adam)
                  -d, --data DIR       folder holding the MNIST files (path)
                      --seed N         seed for the random initialization (integer)
                      --tag TEXT       a label for the run (text; repeatable)
                      --json           print one JSON object per epoch
                  -h, --help           show this help

                """)
    }

    @Test func rootHelpSnapshot() {
        #expect(
            runTestTool(["--help"]).out == """
                backprop 9.9.9: a test tool

                Usage: backprop COMMAND [options]

                Only for the tests of the command-line framework.

                Commands:
                  trace               print every node of a forward and backward pass
                  mnist train         train a network on MNIST
                  mnist info          describe the MNIST files
                  sum                 add numbers
                  fail                fail at run time
                  strict              reject its flags in the command
                  help [COMMAND...]   show help for a command, like 'COMMAND --help'

                Options:
                  -h, --help          show this help, or a command's with 'COMMAND --help'
                      --version       print the version and exit

                Run 'backprop help COMMAND' for the options of a command.

                """)
    }

    @Test func groupHelpSnapshot() {
        #expect(
            runTestTool(["mnist"]).out == """
                backprop mnist: train and inspect networks on the MNIST digits

                Usage: backprop mnist COMMAND [options]

                Commands:
                  train        train a network on MNIST
                  info         describe the MNIST files

                Options:
                  -h, --help   show this help

                Run 'backprop help mnist COMMAND' for the options of a command.

                """)
    }

    @Test func discussionKeepsIndentedExamplesAndWrapsToWidth() {
        let run = runTestTool(["trace", "--help"], width: 60)
        #expect(
            run.out.contains(
                """
                Loads FILE, runs one forward pass and one backward pass, and
                prints every node: its value, then its gradient.

                  backprop trace Lessons/01-single-neuron.net --full

                """))
        let lines = runTestTool(["mnist", "train", "--help"], width: 60).out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 })
        // The kind, range and default are not broken inside.
        #expect(lines.contains("      --epochs N       passes over the training set"))
        #expect(lines.contains("                       (integer in [1, 1000]; default 5)"))
        #expect(lines.contains("                       (integer ≥ 1; default 32)"))
    }

    @Test func noWidthMeans80Columns() {
        let lines = runTestTool(["mnist", "train", "--help"], width: nil).out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(lines.contains { $0.count > 70 })
    }

    @Test func ranges() {
        #expect(ValueRange<Int>(1...).phrase == "≥ 1")
        #expect(ValueRange<Double>.greaterThan(0).phrase == "> 0")
        #expect(ValueRange<Double>.between(0, 1, includingLower: false).phrase == "in (0, 1]")
        #expect(ValueRange<Double>.atMost(2.5).phrase == "≤ 2.5")
        #expect(ValueRange<Double>.between(0, 1, includingUpper: false).contains(1) == false)
        #expect(ValueRange<Double>.greaterThan(0).contains(0) == false)
        #expect(ValueRange<Int>(1...3).contains(3))
    }
}
