Hint: a transpose
=================

For `y = h @ W2`, dW2 = hᵀ·dy: a gradient has the shape of its value. dyᵀ·h has the shape of
W2ᵀ, and its values are those of dW2 transposed:

  $ backprop check Transcripts/fixtures/check/relu-transpose.net
  Stated gradients of Transcripts/fixtures/check/relu-transpose.net, from the loss back:
    dy   (4×2)  exact
    db2  (2)    exact
    dW2  (4×2)  shape (2×4), expected (4×2)
    dh   (4×4)  exact
    dz1  (4×4)  exact
    db1  (4)    exact
    dW1  (3×4)  exact
  
  Hint: dy is right, but dW2 is not: dW2 has the shape of W2ᵀ, (2×4) where W2 is (4×2): transpose?
        Transposed, its values are right.
  ! backprop: 1 of 7 stated gradients is not right yet: dW2 (shape)
  [exit 1]

When the matrix is square the shapes fit either way, and only the numbers tell: for `z2 = h @ W2
+ b2`, dh = dz2·W2ᵀ, not dz2·W2:

  $ backprop check Transcripts/fixtures/check/sigmoid-transpose.net
  Stated gradients of Transcripts/fixtures/check/sigmoid-transpose.net, from the loss back:
    do   (1×2)  exact
    dz2  (1×2)  exact
    db2  (2)    exact
    dW2  (2×2)  exact
    dh   (1×2)  WRONG (max diff 0.0069, 2 of 2 entries)
    dz1  (1×2)  WRONG (max diff 0.0017, 2 of 2 entries), because dh is wrong
    db1  (2)    WRONG (max diff 0.0017, 2 of 2 entries), because dz1 is wrong
    dW1  (2×2)  WRONG (max diff 0.00017, 4 of 4 entries), because dz1 is wrong
  
  dh, the entries furthest off:
    entry       stated   backward    numeric
    dh[0,1]  0.0482953  0.0413703  0.0413703
    dh[0,0]  0.0382552  0.0363503  0.0363503
  
  Hint: dz2 is right, but dh is not: dh is d(h @ W2) · W2, but for h @ W2 = h · W2 it is d(h @ W2) ·
        W2ᵀ: transpose?
  ! backprop: 4 of 8 stated gradients are not right yet: dh (wrong), dz1 (wrong), db1 (wrong), dW1 (wrong)
  [exit 1]
