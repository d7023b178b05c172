Exporting a network to PyTorch
==============================

`backprop export FILE --pytorch` writes a Python script that builds the same computation in
PyTorch, in float64: every starting value with all its digits, one line per value the network
file names (the unnamed pieces, such as `x @ W1`, inside the line that uses them), then
backward from the loss. Run with python3 where PyTorch is installed, it prints the loss and
every parameter's gradient in the layout of `backprop trace`, so the numbers of the framework
a learner uses next can be read beside these ones (here, dW2[0,0] = 0.082167 in both).

  $ backprop export Lessons/two-layer-sigmoid.net --pytorch
  # Lessons/two-layer-sigmoid.net in PyTorch (float64), written by `backprop export --pytorch`.
  # It runs the same computation, then backward from the loss, and prints every parameter's
  # gradient as `backprop trace Lessons/two-layer-sigmoid.net` does, to compare number by number.
  # Run it with python3 where PyTorch is installed (pip install torch); with --json it
  # prints the loss and the gradients as JSON, with every digit.
  import json
  import sys
  
  import torch
  import torch.nn.functional as F
  
  torch.set_default_dtype(torch.float64)
  
  # The values the computation starts from
  x = torch.tensor([[0.05, 0.1]])
  t = torch.tensor([[0.01, 0.99]])
  W1 = torch.tensor([[0.15, 0.25], [0.2, 0.3]], requires_grad=True)
  b1 = torch.tensor([0.35, 0.35], requires_grad=True)
  W2 = torch.tensor([[0.4, 0.5], [0.45, 0.55]], requires_grad=True)
  b2 = torch.tensor([0.6, 0.6], requires_grad=True)
  
  # Forward, one line per named value, then backward from the loss
  z1 = x @ W1 + b1
  h = torch.sigmoid(z1)
  z2 = h @ W2 + b2
  o = torch.sigmoid(z2)
  e = o - t
  loss = 0.5 * torch.sum(e ** 2)
  loss.backward()
  
  # The parameters as the trace lists them (id, name, shape), in the order backward reached them
  _loss_name = "loss"
  _parameters = [
      (5, "b2", "(2)", b2),
      (4, "W2", "(2×2)", W2),
      (3, "b1", "(2)", b1),
      (2, "W1", "(2×2)", W1),
  ]
  
  
  def _number(x):
      if x != x:
          return "nan"
      if x in (float("inf"), float("-inf")):
          return "inf" if x > 0 else "-inf"
      return "0" if x == 0 else "%.6g" % x
  
  
  def _lines(values, dims):
      if len(values) > 16:
          total, squares = 0.0, 0.0
          for v in values:
              total += v
              squares += v * v
          low, high, mean = min(values), max(values), total / len(values)
          numbers = tuple(map(_number, (low, mean, high, squares ** 0.5)))
          return ["min %s mean %s max %s ‖·‖₂ %s" % numbers]
      if len(dims) == 0:
          return [_number(values[0])]
      if len(dims) == 1:
          return ["[" + ", ".join(_number(v) for v in values) + "]"]
      columns = dims[-1]
      if len(dims) == 4 and dims[3] == 1:
          columns = dims[1] if dims[2] == 1 else dims[2]
      texts = [_number(v) for v in values]
      widths = [max(len(texts[k]) for k in range(j, len(texts), columns)) for j in range(columns)]
      rows = len(texts) // columns
      out = []
      for i in range(rows):
          cells = ", ".join(texts[i * columns + j].rjust(widths[j]) for j in range(columns))
          out.append(("[[" if i == 0 else " [") + cells + ("]]" if i == rows - 1 else "],"))
      return out
  
  
  if "--json" in sys.argv[1:]:
      gradients = {name: tensor.grad.reshape(-1).tolist() for _, name, _, tensor in _parameters}
      print(json.dumps({"loss": loss.item(), "gradients": gradients}))
  else:
      print("loss = " + _number(loss.item()))
      print("")
      count = len(_parameters)
      print("Gradients from PyTorch (%d parameters, ∂%s/∂node, float64)" % (count, _loss_name))
      print("  ".join(["id".rjust(2), "name".ljust(10), "shape".ljust(5), "gradient"]))
      for node, name, shape, tensor in _parameters:
          lead = "  ".join([str(node).rjust(2), name.ljust(10), shape.ljust(5)])
          lines = _lines(tensor.grad.reshape(-1).tolist(), list(tensor.shape))
          print(lead + "  " + lines[0])
          for line in lines[1:]:
              print(" " * (len(lead) + 2) + line)

With -o the script goes to a file. Lesson 9's convolution and max-pool become PyTorch's
channels-first `F.conv2d` and `F.max_pool2d`, the image permuted there and back:

  $ backprop export 9 --pytorch -o out/export-lesson-9.py
  wrote out/export-lesson-9.py: Lessons/09-convolution-pooling.md in PyTorch
  run it with python3 out/export-lesson-9.py

The format must be named:

  $ backprop export 2
  ! backprop: say which framework to export to: --pytorch
  ! Run 'backprop export --help' for usage.
  [exit 2]
