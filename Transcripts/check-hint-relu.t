Hint: the ReLU's mask
=====================

`h = relu(z1)` passes the gradient only where z1 > 0. Taking dz1 = dh lets it through
everywhere; the entries where z1 ≤ 0 must be 0 (`dh * step(z1)`):

  $ backprop check Transcripts/fixtures/check/relu-mask.net
  Stated gradients of Transcripts/fixtures/check/relu-mask.net, from the loss back:
    dy   (4×2)  exact
    db2  (2)    exact
    dW2  (4×2)  exact
    dh   (4×4)  exact
    dz1  (4×4)  WRONG (max diff 0.12, 8 of 16 entries)
    db1  (4)    WRONG (max diff 0.24, 4 of 4 entries), because dz1 is wrong
    dW1  (3×4)  WRONG (max diff 0.27, 12 of 12 entries), because dz1 is wrong
  
  dz1, the entries furthest off:
    entry        stated  backward  numeric
    dz1[3,1]  -0.120175         0        0
    dz1[1,1]  -0.091125         0        0
    dz1[2,3]  -0.070025         0        0
  
  Hint: dh is right, but dz1 is not: check the ReLU mask (entries where z1 ≤ 0 must be 0; h =
        relu(z1))
  ! backprop: 3 of 7 stated gradients are not right yet: dz1 (wrong), db1 (wrong), dW1 (wrong)
  [exit 1]
