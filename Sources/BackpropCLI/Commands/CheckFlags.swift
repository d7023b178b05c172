import Engine
import Explainer
import Support

/// The flags every gradient-checking command shares, and how they become `CheckSettings`.
enum CheckFlags {
    static let defaults = CheckSettings()

    /// The check flags, filling `field` of a command's options.
    static func flags<Options>(into field: WritableKeyPath<Options, Values> & Sendable) -> [OptionFlag<Options>] {
        let flags: [(Flag, WritableKeyPath<Values, Double> & Sendable)] = [
            (.double("h", .greaterThan(0), default: defaults.h, "finite-difference step: (f(θ + h) − f(θ − h)) / 2h"), \.h),
            (.double("pass", .greaterThan(0), default: defaults.pass, "relative errors below this PASS"), \.pass),
            (.double("warn", .greaterThan(0), default: defaults.warn, "relative errors below this WARN; above, FAIL"), \.warn),
        ]
        return flags.map { flag, value in
            OptionFlag(flag) { invocation, options in
                options[keyPath: field][keyPath: value] = invocation.double(flag.name)
            }
        }
    }

    static let discussion = """
        Every gradient entry is checked three ways: the explainer's own derivation (each op's \
        gradient formula evaluated in Double), the engine's backward pass, and a central finite \
        difference D(h) = (f(θ + h) − f(θ − h)) / 2h in Double. The relative error of two values a, \
        b is |a − b| / max(|a|, |b|); when both are below 1e-12 in magnitude they agree (error 0). \
        An analytic and a numeric value also agree when they differ by less than the finite \
        difference's own error, its allowance: the rounding of the two losses, \
        \(NumberFormat.compact(CheckSettings.roundingSafety))·ε·Σ|v|·|∂L/∂v| / h over every \
        entry v of every node (ε the machine epsilon: each computed value is off by a relative \
        ε, which reaches the loss multiplied by its gradient); when D(h) does not agree, its \
        h² term is taken out with a second difference at 2h, (4·D(h) − D(2h)) / 3 (Richardson), \
        compared within 1.5 times that allowance (or up to 20 times, when the fourth \
        difference of the losses at θ, θ ± h, θ ± 2h shows that much noise). So an exact zero gradient or a long chain's \
        rounding passes, while a gradient wrong by a relative 1e-6 does not (unless it is that \
        small next to the whole network's rounding). An entry's error is the largest over the \
        three pairs: below --pass (default 1e-7) it is PASS, below --warn (default 1e-4) WARN, \
        otherwise FAIL. A NaN or an infinity in any witness or either loss is NONFINITE, a \
        failure like FAIL, and the output names the node that produced the first one. When the \
        two finite-difference runs fall on different sides of a ReLU's switch point (a kink) \
        the numeric value is no witness and the entry is KINK, not a failure, as long as \
        derivation and backward agree. Relative errors are printed as the power of ten they \
        are below (<1e-9).
        """

    /// Parameters with more entries than this are sampled unless --samples says otherwise.
    static let sampleAbove = 1000
    static let automaticSamples = 100

    /// `--samples N|all`.
    static var samples: Flag {
        .string(
            "samples", valueName: "N|all",
            "check at most N entries of each parameter, or all of them (default: all, but \(automaticSamples) of a parameter with more than \(sampleAbove))")
    }

    /// The values of the check flags (placeholders until read).
    struct Values {
        var h = 0.0
        var pass = 0.0
        var warn = 0.0

        /// The settings with `--samples N|all` (`text`) read: N, all, or (nil) automatic above
        /// `sampleAbove`.
        func sampledSettings(_ text: String?) throws -> CheckSettings {
            var settings = try self.settings()
            settings.automaticSamples = automaticSamples
            guard let text else {
                settings.sampleAbove = sampleAbove
                return settings
            }
            if text == "all" { return settings }
            guard let n = Int(text) else {
                throw UsageError("--samples expects an integer ≥ 1 or 'all', got '\(text)'")
            }
            guard n >= 1 else {
                throw UsageError("--samples expects an integer ≥ 1 or 'all', got '\(text)'", isOutOfRange: true)
            }
            settings.samples = n
            return settings
        }

        func settings(samples: Int? = nil) throws -> CheckSettings {
            guard pass <= warn else {
                throw UsageError("--pass (\(pass)) must not be larger than --warn (\(warn))")
            }
            return CheckSettings(h: h, pass: pass, warn: warn, samples: samples)
        }
    }
}
