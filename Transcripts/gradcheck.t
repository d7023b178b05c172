Checking gradients
==================

`backprop gradcheck FILE|LESSON` checks every parameter entry three ways and
prints one line per parameter (entries checked, worst relative error, how many
entries had each status), then a table of the entries that are not PASS, and a
summary line. The exit code is 1 when an entry FAILs.

  $ backprop gradcheck 2
  Gradient check of Lessons/02-two-layer-sigmoid.md
  
  gradient  shape  checked  worst rel. error  entries  status
  dW1       (2×2)        4             <1e-7  4 PASS   PASS
  db1       (2)          2             <1e-9  2 PASS   PASS
  dW2       (2×2)        4            <1e-10  4 PASS   PASS
  db2       (2)          2            <1e-10  2 PASS   PASS
  
  check: 12 entries, worst relative error <1e-7, h = 1e-05: PASS

--full prints every entry, and --digits N the numbers with N significant
digits (dW2[0,0] is the hand-worked example's 0.0821670406):

  $ backprop gradcheck 2 --full --digits 9
  Gradient check of Lessons/02-two-layer-sigmoid.md
  
  gradient  entry      derivation        backward         numeric  rel. error  status
  dW1       [0,0]  0.000438567734  0.000438567734  0.000438567729       <1e-7  PASS
  dW1       [0,1]  0.000497712735  0.000497712735  0.000497712738       <1e-8  PASS
  dW1       [1,0]  0.000877135469  0.000877135469   0.00087713547       <1e-9  PASS
  dW1       [1,1]  0.000995425471  0.000995425471  0.000995425467       <1e-8  PASS
  db1       [0]     0.00877135469   0.00877135469   0.00877135469       <1e-9  PASS
  db1       [1]     0.00995425471   0.00995425471   0.00995425471       <1e-9  PASS
  dW2       [0,0]    0.0821670406    0.0821670406    0.0821670406      <1e-10  PASS
  dW2       [0,1]   -0.0226025405   -0.0226025405   -0.0226025405      <1e-10  PASS
  dW2       [1,0]    0.0826676278    0.0826676278    0.0826676278      <1e-10  PASS
  dW2       [1,1]   -0.0227402422   -0.0227402422   -0.0227402422      <1e-10  PASS
  db2       [0]       0.138498562     0.138498562     0.138498562      <1e-10  PASS
  db2       [1]     -0.0380982365   -0.0380982365   -0.0380982365      <1e-10  PASS
  
  gradient  shape  checked  worst rel. error  entries  status
  dW1       (2×2)        4             <1e-7  4 PASS   PASS
  db1       (2)          2             <1e-9  2 PASS   PASS
  dW2       (2×2)        4            <1e-10  4 PASS   PASS
  db2       (2)          2            <1e-10  2 PASS   PASS
  
  check: 12 entries, worst relative error <1e-7, h = 1e-05: PASS

Kinks (a ReLU input within h of 0) are reported as KINK, not as failures:

  $ backprop gradcheck relu-kinks
  Gradient check of Lessons/04-relu-kinks.md
  
  gradient  shape  checked  worst rel. error  entries         status
  dW1       (2×3)        6            <1e-11  2 PASS, 4 KINK  KINK
  db1       (3)          3            <1e-11  1 PASS, 2 KINK  KINK
  dW2       (3×1)        3            <1e-10  3 PASS          PASS
  db2       (1)          1            <1e-10  1 PASS          PASS
  
  Entries that are not PASS:
  gradient  entry  derivation   backward    numeric  rel. error  status
  dW1       [0,0]     1.62751    1.62751    1.36851        <1e0  KINK
  dW1       [0,2]     1.42651    1.42651   0.484899        <1e0  KINK
  dW1       [1,0]   -0.542502  -0.542502    -1.0605        <1e0  KINK
  dW1       [1,2]     -2.0295    -2.0295   -1.78537        <1e0  KINK
  db1       [0]      0.542502   0.542502   0.283504        <1e0  KINK
  db1       [2]     0.0315049  0.0315049  -0.212619        <1e1  KINK
  
  check: 13 entries, worst relative error <1e-10 (kinks excepted), h = 1e-05: PASS with KINKs (6 KINK)

With --samples N at most N entries of each parameter are checked: half the
largest gradients, half spread evenly.

  $ backprop gradcheck 5 --samples 2
  Gradient check of Lessons/05-batch-norm.md
  
  gradient  shape  checked  worst rel. error  entries  status
  dW        (3×3)   2 of 9             <1e-8  2 PASS   PASS
  dgamma    (3)     2 of 3            <1e-10  2 PASS   PASS
  dbeta     (3)     2 of 3            <1e-10  2 PASS   PASS
  
  check: 6 entries, worst relative error <1e-8, h = 1e-05: PASS

The step and the thresholds can be changed. A central difference is exact only
up to terms in h²; the checker takes that term out with a second difference at
2h (Richardson), but a step that is far too large still measures a different
slope by terms in h⁴, and the check warns (or fails, exit code 1):

  $ backprop gradcheck 2 --h 0.1
  Gradient check of Lessons/02-two-layer-sigmoid.md
  
  gradient  shape  checked  worst rel. error  entries  status
  dW1       (2×2)        4             <1e-9  4 PASS   PASS
  db1       (2)          2             <1e-5  2 WARN   WARN
  dW2       (2×2)        4             <1e-5  4 WARN   WARN
  db2       (2)          2             <1e-4  2 WARN   WARN
  
  Entries that are not PASS:
  gradient  entry  derivation    backward     numeric  rel. error  status
  db1       [0]    0.00877135  0.00877135  0.00876417       <1e-5  WARN
  db1       [1]    0.00995425  0.00995425  0.00994609       <1e-5  WARN
  dW2       [0,0]    0.082167    0.082167   0.0821429       <1e-6  WARN
  dW2       [0,1]  -0.0226025  -0.0226025  -0.0226194       <1e-5  WARN
  dW2       [1,0]   0.0826676   0.0826676    0.082643       <1e-6  WARN
  dW2       [1,1]  -0.0227402  -0.0227402  -0.0227574       <1e-5  WARN
  db2       [0]      0.138499    0.138499    0.138383       <1e-5  WARN
  db2       [1]    -0.0380982  -0.0380982  -0.0381788       <1e-4  WARN
  
  check: 12 entries, worst relative error <1e-4, h = 0.1: WARN (8 WARN)

  $ backprop gradcheck 2 --h 0.01 --warn 1e-3
  Gradient check of Lessons/02-two-layer-sigmoid.md
  
  gradient  shape  checked  worst rel. error  entries  status
  dW1       (2×2)        4             <1e-7  4 PASS   PASS
  db1       (2)          2             <1e-9  2 PASS   PASS
  dW2       (2×2)        4             <1e-9  4 PASS   PASS
  db2       (2)          2             <1e-8  2 PASS   PASS
  
  check: 12 entries, worst relative error <1e-7, h = 0.01: PASS

--json writes the whole report:

  $ backprop gradcheck 1 --json
  {
    "settings": {
      "h": 1e-05,
      "pass": 1e-07,
      "warn": 0.0001,
      "floor": 1e-12,
      "samples": null,
      "sample_above": 1000,
      "rounding_safety": 2
    },
    "entries": [
      {
        "name": "w",
        "element": 0,
        "index": [0, 0],
        "derivation": -1.7999999999999996,
        "backward": -1.7999999999999996,
        "numeric": -1.7999999999990244,
        "allowance": 2.771116669464389e-10,
        "extrapolated": null,
        "relative_error": 5.417888360170765e-13,
        "status": "PASS"
      },
      {
        "name": "b",
        "element": 0,
        "index": [0],
        "derivation": -1.1999999999999997,
        "backward": -1.1999999999999997,
        "numeric": -1.199999999995649,
        "allowance": 2.771116669464389e-10,
        "extrapolated": null,
        "relative_error": 3.6256183240842205e-12,
        "status": "PASS"
      }
    ],
    "gradients": [
      {
        "name": "w",
        "count": 1,
        "checked": 1,
        "worst_relative_error": 5.417888360170765e-13,
        "status": "PASS"
      },
      {
        "name": "b",
        "count": 1,
        "checked": 1,
        "worst_relative_error": 3.6256183240842205e-12,
        "status": "PASS"
      }
    ],
    "worst_relative_error": 3.6256183240842205e-12,
    "status": "PASS",
    "non_finite": null
  }

Dropout draws its mask from the seed written in the file, so the network is a fixed
function of its parameters and finite differences check it like any other; the dropped
units' weights get exactly zero (--full lists every entry):

  $ backprop gradcheck Lessons/dropout.net --full
  Gradient check of Lessons/dropout.net
  
  gradient  entry  derivation    backward     numeric  rel. error  status
  dW1       [0,0]           0           0           0           0  PASS
  dW1       [0,1]  -0.0275883  -0.0275883  -0.0275883      <1e-10  PASS
  dW1       [0,2]  -0.0643726  -0.0643726  -0.0643726      <1e-12  PASS
  dW1       [0,3]  -0.0721514  -0.0721514  -0.0721514      <1e-11  PASS
  dW1       [1,0]           0           0           0           0  PASS
  dW1       [1,1]   0.0551765   0.0551765   0.0551765      <1e-10  PASS
  dW1       [1,2]    0.128745    0.128745    0.128745      <1e-10  PASS
  dW1       [1,3]  -0.0144303  -0.0144303  -0.0144303       <1e-9  PASS
  dW1       [2,0]           0           0           0           0  PASS
  dW1       [2,1]   -0.110353   -0.110353   -0.110353      <1e-10  PASS
  dW1       [2,2]    -0.25749    -0.25749    -0.25749      <1e-10  PASS
  dW1       [2,3]   0.0336706   0.0336706   0.0336706      <1e-10  PASS
  dW2       [0,0]           0           0           0           0  PASS
  dW2       [0,1]           0           0           0           0  PASS
  dW2       [1,0]    0.156333    0.156333    0.156333      <1e-10  PASS
  dW2       [1,1]   -0.156333   -0.156333   -0.156333      <1e-10  PASS
  dW2       [2,0]    0.128745    0.128745    0.128745      <1e-10  PASS
  dW2       [2,1]   -0.128745   -0.128745   -0.128745      <1e-10  PASS
  dW2       [3,0]   -0.182783   -0.182783   -0.182783      <1e-10  PASS
  dW2       [3,1]    0.182783    0.182783    0.182783      <1e-10  PASS
  
  gradient  shape  checked  worst rel. error  entries  status
  dW1       (3×4)       12             <1e-9  12 PASS  PASS
  dW2       (4×2)        8            <1e-10  8 PASS   PASS
  
  check: 20 entries, worst relative error <1e-9, h = 1e-05: PASS

Mistakes:

  $ backprop gradcheck 1 --pass 1e-3 --warn 1e-5
  ! backprop: --pass (0.001) must not be larger than --warn (1e-05)
  ! Run 'backprop gradcheck --help' for usage.
  [exit 2]

  $ backprop gradcheck 1 --h 0
  ! backprop: --h expects a number > 0, got '0'
  ! Run 'backprop gradcheck --help' for usage.
  [exit 1]

  $ backprop gradcheck nothing-here.net
  ! backprop: nothing-here.net: no such file
  [exit 1]

  $ backprop gradcheck Transcripts/fixtures/shape-mismatch.net
  ! backprop: Transcripts/fixtures/shape-mismatch.net:4:7: matmul: inner dimensions differ: (1×2) · (1×3) (2 ≠ 1)
  [exit 1]

  $ backprop gradcheck Transcripts/fixtures/dropout-rate.net
  ! backprop: Transcripts/fixtures/dropout-rate.net:7:27: rate must be at least 0 and below 1, got 1.5
  [exit 1]
