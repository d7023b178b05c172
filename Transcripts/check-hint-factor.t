Hint: a missing local derivative
================================

`o = sigmoid(z2)`, so dz2 is do times the sigmoid's derivative. Taking dz2 = do forgets that
factor; every gradient computed from dz2 is then wrong too, and `check` says so (`because dz2
is`: with the right dz2 put in, their own steps are right). The hint names the factor, from the
rule of the op that uses z2:

  $ backprop check Transcripts/fixtures/check/sigmoid-factor.net
  Stated gradients of Transcripts/fixtures/check/sigmoid-factor.net, from the loss back:
    do   (1×2)  exact
    dz2  (1×2)  WRONG (max diff 0.6, 2 of 2 entries)
    db2  (2)    WRONG (max diff 0.6, 2 of 2 entries), because dz2 is wrong
    dW2  (2×2)  WRONG (max diff 0.36, 4 of 4 entries), because dz2 is wrong
    dh   (1×2)  WRONG (max diff 0.17, 2 of 2 entries), because dz2 is wrong
    dz1  (1×2)  WRONG (max diff 0.042, 2 of 2 entries), because dh is wrong
    db1  (2)    WRONG (max diff 0.042, 2 of 2 entries), because dz1 is wrong
    dW1  (2×2)  WRONG (max diff 0.0042, 4 of 4 entries), because dz1 is wrong
  
  dz2, the entries furthest off:
    entry        stated    backward     numeric
    dz2[0,0]   0.741365    0.138499    0.138499
    dz2[0,1]  -0.217072  -0.0380982  -0.0380982
  
  Hint: do is right, but dz2 is not: dz2 is off by the factor sigmoid'(z2) in every entry, the local
        derivative of o = σ(z2): σ'(z) = σ(z)·(1 − σ(z))
  ! backprop: 7 of 8 stated gradients are not right yet: dz2 (wrong), db2 (wrong), dW2 (wrong), dh (wrong), dz1 (wrong), db1 (wrong), dW1 (wrong)
  [exit 1]
