import BackpropCLI
import Foundation

exit(runBackprop(arguments: Array(CommandLine.arguments.dropFirst()), console: .standard()))
