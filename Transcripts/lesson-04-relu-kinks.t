Lesson 4: 4. ReLU and kinks
===========================

The lesson as `backprop lesson 4` prints it: the text of Lessons/04-relu-kinks.md, with
the computed output of each step in place of its run blocks. It ends with the
numeric check of every gradient entry.

  $ backprop lesson 4
  # 4. ReLU and kinks
  
  > Why finite differences disagree exactly at 0, and what the gradient checker does about it.
  
  `relu(z) = max(0, z)` has slope 0 for `z < 0` and slope 1 for `z > 0`. At `z = 0` it has a corner
  (a kink): no derivative. Backpropagation uses slope 0 there, by convention. A central finite
  difference `(f(z + h) − f(z − h)) / 2h` at `z = 0` sees `(h − 0) / 2h = 0.5`: half of each side.
  Neither is wrong; the function has no derivative there to agree on.
  
  The same happens near the kink: if `z` is within the finite-difference step of 0, the two
  evaluations `z + h` and `z − h` fall on different sides and the difference measures a mixture of
  the two slopes.
  
  This network has one pre-activation exactly at 0 (`z1[0,0] = 0.5·1 − 0.25·2 + 0`) and one at
  3e-6, closer to 0 than the default step `h = 1e-5`:
  
      input  x  = [[1.0,  2.0],
                   [3.0, -1.0]]
      target t  = [[1.0],
                   [0.5]]
  
      param  W1 = [[ 0.5,  -0.3, 0.2],
                   [-0.25,  0.4, 0.3]]
      param  b1 = [0.0, 0.1, -0.299997]
      param  W2 = [[0.7], [-0.4], [0.9]]
      param  b2 = [0.05]
  
      z1   = x @ W1 + b1
      a1   = relu(z1)
      out  = a1 @ W2 + b2
      loss = mse(out, t)
  
      z1 = (x @ W1) + b1 = [[   0,  0.6, 0.500003],
                            [1.75, -1.2,    3e-06]]
      a1 = relu(z1) = [[   0, 0.6, 0.500003],
                       [1.75,   0,    3e-06]]
      loss = mean((out − t)²) = 0.574113
  
      a1 = relu(z1): z1[0,0] = 0   ← exactly at the kink
      a1 = relu(z1): z1[0,1] = 0.6
      a1 = relu(z1): z1[0,2] = 0.500003
      a1 = relu(z1): z1[1,0] = 1.75
      a1 = relu(z1): z1[1,1] = -1.2
      a1 = relu(z1): z1[1,2] = 3e-06   ← within h = 1e-05 of the kink
  
  ## What the checker does
  
  When the checker moves an entry by `±h`, it runs the network twice and notes, for every ReLU
  input, which side of 0 it is on. If the two runs (or the unmoved run) disagree anywhere, the
  finite difference crossed a kink: it is no witness for that entry, and the entry is reported as
  **KINK** instead of FAIL, as long as the derivation and the backward pass still agree with each
  other. Entries whose finite difference stays on one side are checked as usual.
  
      gradient    shape  checked  worst rel. error  entries         status
      dout        (2×1)        2            <1e-11  2 PASS          PASS
      d(a1 @ W2)  (2×1)        2            <1e-11  2 PASS          PASS
      da1         (2×3)        6            <1e-10  6 PASS          PASS
      dz1         (2×3)        6            <1e-10  4 PASS, 2 KINK  KINK
      d(x @ W1)   (2×3)        6            <1e-11  4 PASS, 2 KINK  KINK
      db2         (1)          1            <1e-10  1 PASS          PASS
      dW2         (3×1)        3            <1e-10  3 PASS          PASS
      db1         (3)          3            <1e-11  1 PASS, 2 KINK  KINK
      dW1         (2×3)        6            <1e-11  2 PASS, 4 KINK  KINK
  
      Entries that are not PASS:
      gradient   entry  derivation   backward    numeric  rel. error  status
      dz1        [0,0]           0          0  -0.258998        <1e1  KINK
      dz1        [1,2]    0.697502   0.697502   0.453378        <1e0  KINK
      d(x @ W1)  [0,0]           0          0  -0.258998        <1e1  KINK
      d(x @ W1)  [1,2]    0.697502   0.697502   0.453378        <1e0  KINK
      db1        [0]      0.542502   0.542502   0.283504        <1e0  KINK
      db1        [2]     0.0315049  0.0315049  -0.212619        <1e1  KINK
      dW1        [0,0]     1.62751    1.62751    1.36851        <1e0  KINK
      dW1        [0,2]     1.42651    1.42651   0.484899        <1e0  KINK
      dW1        [1,0]   -0.542502  -0.542502    -1.0605        <1e0  KINK
      dW1        [1,2]     -2.0295    -2.0295   -1.78537        <1e0  KINK
  
      check: 35 entries, worst relative error <1e-10 (kinks excepted), h = 1e-05: PASS with KINKs (10
          KINK)
  
  Every entry that moves `z1[0,0]` (and those that move `z1[1,2]` by more than 3e-6) is a KINK;
  nothing fails. With a smaller step the finite differences around the near-kink stay on one side,
  so only the entries touching the exact kink remain KINKs:
  
      gradient    shape  checked  worst rel. error  entries         status
      dout        (2×1)        2             <1e-9  2 PASS          PASS
      d(a1 @ W2)  (2×1)        2             <1e-9  2 PASS          PASS
      da1         (2×3)        6             <1e-8  6 PASS          PASS
      dz1         (2×3)        6             <1e-9  5 PASS, 1 KINK  KINK
      d(x @ W1)   (2×3)        6             <1e-8  5 PASS, 1 KINK  KINK
      db2         (1)          1             <1e-8  1 PASS          PASS
      dW2         (3×1)        3             <1e-8  3 PASS          PASS
      db1         (3)          3             <1e-8  2 PASS, 1 KINK  KINK
      dW1         (2×3)        6             <1e-8  4 PASS, 2 KINK  KINK
  
      Entries that are not PASS:
      gradient   entry  derivation   backward    numeric  rel. error  status
      dz1        [0,0]           0          0  -0.258999        <1e1  KINK
      d(x @ W1)  [0,0]           0          0  -0.258999        <1e1  KINK
      db1        [0]      0.542502   0.542502   0.283503        <1e0  KINK
      dW1        [0,0]     1.62751    1.62751    1.36851        <1e0  KINK
      dW1        [1,0]   -0.542502  -0.542502    -1.0605        <1e0  KINK
  
      check: 35 entries, worst relative error <1e-8 (kinks excepted), h = 1e-07: PASS with KINKs (5
          KINK)
  
  A smaller `h` is no cure in general: the rounding error of `f(θ + h) − f(θ − h)` grows like
  `ε·|f| / h`, which is why `1e-5` is the default. The checker's answer is to say plainly where a
  kink makes the numeric witness useless.
  
