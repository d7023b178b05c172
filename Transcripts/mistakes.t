When a command line is wrong
============================

A mistake in how `backprop` is called is reported on standard error in one
line that names the problem, followed by a hint to the help of the command.
The exit code is 2, so a script can tell a wrong call (2) from a command that
failed at its work (1).

Asking for help on a command that does not exist:

  $ backprop help teach
  ! backprop: unknown command 'teach'
  ! Run 'backprop --help' for usage.
  [exit 2]

A command that does not exist, spelled close to one that does, gets a
suggestion:

  $ backprop hlep
  ! backprop: unknown command 'hlep'; did you mean 'help'?
  ! Run 'backprop --help' for usage.
  [exit 2]

Asking for the help of a misspelled command is the same mistake: the help of
`backprop` would hide the typo.

  $ backprop stpe --help
  ! backprop: unknown command 'stpe'; did you mean 'step'?
  ! Run 'backprop --help' for usage.
  [exit 2]

  $ backprop stpe
  ! backprop: unknown command 'stpe'; did you mean 'step'?
  ! Run 'backprop --help' for usage.
  [exit 2]

  $ backprop mnist trian --help
  ! backprop: unknown command 'trian' for 'backprop mnist'; did you mean 'train'?
  ! Run 'backprop mnist --help' for usage.
  [exit 2]

A value that is not one of a flag's choices, a misspelled lesson, and a
misspelled function in a scalar expression get one too:

  $ backprop step 2 --optimizer adma
  ! backprop: --optimizer expects one of sgd, momentum, adam, got 'adma'; did you mean 'adam'?
  ! Run 'backprop step --help' for usage.
  [exit 2]

  $ backprop lesson tow-layer-sigmoid
  ! backprop: no lesson 'tow-layer-sigmoid'; did you mean 'two-layer-sigmoid'?
  [exit 1]

  $ backprop trace relu-knks
  ! backprop: 'relu-knks' is neither a file nor a lesson; did you mean 'relu-kinks'?
  [exit 1]

  $ backprop explain --expr "sigmod(x)" --at "x=1"
  ! backprop: --expr:1:1: unknown function 'sigmod'; did you mean 'sigmoid'? (functions: exp, gelu, leaky_relu, log, relu, sigmoid, softplus, step, tanh)
  [exit 1]

A flag that `backprop` does not know:

  $ backprop --learning-rate 0.1
  ! backprop: unknown flag '--learning-rate' for 'backprop'
  ! Run 'backprop --help' for usage.
  [exit 2]
