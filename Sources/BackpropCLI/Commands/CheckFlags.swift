import Explainer

/// The flags every gradient-checking command shares, and how they become `CheckSettings`.
enum CheckFlags {
    static let defaults = CheckSettings()

    static var flags: [Flag] {
        [
            .double("h", .greaterThan(0), default: defaults.h, "finite-difference step: (f(θ + h) − f(θ − h)) / 2h"),
            .double("pass", .greaterThan(0), default: defaults.pass, "relative errors below this PASS"),
            .double("warn", .greaterThan(0), default: defaults.warn, "relative errors below this WARN; above, FAIL"),
        ]
    }

    static let discussion = """
        Every gradient entry is checked three ways: the explainer's own derivation (each op's \
        gradient formula evaluated in Double), the engine's backward pass, and a central finite \
        difference (f(θ + h) − f(θ − h)) / 2h in Double. The relative error of two values a, b is \
        |a − b| / max(|a|, |b|); when both are below 1e-12 in magnitude they agree (error 0), and so \
        do an analytic and a numeric value closer than the finite difference's own rounding noise, \
        10·ε·max(|L(θ + h)|, |L(θ − h)|) / 2h (a zero gradient measured as 4e-11). An \
        entry's error is the largest over the three pairs: below --pass (default 1e-7) it is PASS, \
        below --warn (default 1e-4) WARN, otherwise FAIL. When the two finite-difference runs fall on \
        different sides of a ReLU's switch point (a kink) the numeric value is no witness and the \
        entry is KINK, not a failure, as long as derivation and backward agree. Relative errors \
        are printed as the power of ten they are below (<1e-9).
        """

    static func settings(_ invocation: Invocation, samples: Int? = nil) throws -> CheckSettings {
        let pass = invocation.double("pass"), warn = invocation.double("warn")
        guard pass <= warn else {
            throw UsageError("--pass (\(pass)) must not be larger than --warn (\(warn))")
        }
        return CheckSettings(h: invocation.double("h"), pass: pass, warn: warn, samples: samples)
    }
}
