Hint: the opposite sign
=======================

The loss is 0.5·Σ(o − t)², so do = o − t; t − o is the same numbers with the opposite sign:

  $ backprop check Transcripts/fixtures/check/sigmoid-sign.net
  Stated gradients of Transcripts/fixtures/check/sigmoid-sign.net, from the loss back:
    do   (1×2)  WRONG (max diff 1.5, 2 of 2 entries)
    dz2  (1×2)  WRONG (max diff 0.28, 2 of 2 entries), because do is wrong
    db2  (2)    WRONG (max diff 0.28, 2 of 2 entries), because dz2 is wrong
    dW2  (2×2)  WRONG (max diff 0.17, 4 of 4 entries), because dz2 is wrong
    dh   (1×2)  WRONG (max diff 0.083, 2 of 2 entries), because dz2 is wrong
    dz1  (1×2)  WRONG (max diff 0.02, 2 of 2 entries), because dh is wrong
    db1  (2)    WRONG (max diff 0.02, 2 of 2 entries), because dz1 is wrong
    dW1  (2×2)  WRONG (max diff 0.002, 4 of 4 entries), because dz1 is wrong
  
  do, the entries furthest off:
    entry       stated   backward    numeric
    do[0,0]  -0.741365   0.741365   0.741365
    do[0,1]   0.217072  -0.217072  -0.217072
  
  Hint: do has the opposite sign everywhere
  ! backprop: 8 of 8 stated gradients are not right yet: do (wrong), dz2 (wrong), db2 (wrong), dW2 (wrong), dh (wrong), dz1 (wrong), db1 (wrong), dW1 (wrong)
  [exit 1]
