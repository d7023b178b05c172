Mistakes in grad lines
======================

A `grad` line is checked like every other line of the file: a mistake is one line at its place,
with a suggestion when a name is close to one the file has.

A gradient of a value the file does not have (names are case-sensitive):

  $ backprop check Transcripts/fixtures/check/typo-name.net
  ! backprop: Transcripts/fixtures/check/typo-name.net:7:6: 'grad w': no value is named 'w'; did you mean 'W'? (a gradient is stated for a parameter, an input or a named value)
  [exit 1]

A `dNAME` that no `grad` line states:

  $ backprop check Transcripts/fixtures/check/unstated.net
  ! backprop: Transcripts/fixtures/check/unstated.net:6:25: 'dz' is not stated: add a line 'grad z = …', or write its formula out here
  [exit 1]

A line that ends too soon:

  $ backprop check Transcripts/fixtures/check/malformed.net
  ! backprop: Transcripts/fixtures/check/malformed.net:7:24: expected a number, a name, a function call, '(' or '[', found end of line
  [exit 1]

Two gradients that use each other:

  $ backprop check Transcripts/fixtures/check/cycle.net
  ! backprop: Transcripts/fixtures/check/cycle.net:6:6: dz uses itself: dz uses dW uses dz; each gradient may use only gradients nearer the loss
  [exit 1]

The other commands read the `grad` lines too, and refuse the same mistakes:

  $ backprop trace Transcripts/fixtures/check/typo-name.net
  ! backprop: Transcripts/fixtures/check/typo-name.net:7:6: 'grad w': no value is named 'w'; did you mean 'W'? (a gradient is stated for a parameter, an input or a named value)
  [exit 1]
