/// The one place the tool's version lives: `backprop --version` prints `backprop <version>`.
public enum BackpropVersion {
    public static let string = "0.1.0"
}
