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
  ! backprop: unknown command 'hlep' (did you mean 'help'?)
  ! Run 'backprop --help' for usage.
  [exit 2]

A flag that `backprop` does not know:

  $ backprop --learning-rate 0.1
  ! backprop: unknown flag '--learning-rate' for 'backprop'
  ! Run 'backprop --help' for usage.
  [exit 2]
