// BackpropCLI
