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
  
  1 of 7 stated gradients is not right yet: dW2 (shape).
  [exit 1]
