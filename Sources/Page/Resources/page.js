// backprop page: steps through a network's forward pass node by node, then its backward pass
// gradient by gradient, with every number on the screen. Plain JavaScript, no dependencies; the
// data is the JSON in <script id="backprop-data"> (its shape: Sources/Page/README.md).
// Modules (other scripts inlined after this one) register in window.BackpropModules.
"use strict";

(function () {
  const root = document.documentElement;

  // What failed to load or was blocked is counted on <html> by the small script in <head>,
  // which runs before anything could load; the resources fetched at all are counted at start.
  function countResources() {
    const fetched = performance.getEntriesByType ? performance.getEntriesByType("resource") : [];
    root.dataset.resources = String(fetched.filter(function (entry) { return !/^(data|blob):/.test(entry.name); }).length);
  }

  const data = JSON.parse(document.getElementById("backprop-data").textContent);
  const nodes = data.trace.nodes;
  const steps = data.steps;
  const svgNS = "http://www.w3.org/2000/svg";

  // ---- numbers -------------------------------------------------------------------------------

  // A tensor of the JSON as an array of numbers: a plain array ("NaN", "Infinity" and
  // "-Infinity" as strings) or {"float32": base64} for large ones.
  function decode(tensor) {
    if (tensor === null || tensor === undefined) return null;
    if (Array.isArray(tensor)) {
      return tensor.map(function (x) {
        if (typeof x === "number") return x;
        return x === "NaN" ? NaN : x === "Infinity" ? Infinity : -Infinity;
      });
    }
    const bytes = atob(tensor.float32);
    const buffer = new ArrayBuffer(bytes.length);
    const view = new Uint8Array(buffer);
    for (let i = 0; i < bytes.length; i++) view[i] = bytes.charCodeAt(i);
    return Array.from(new Float32Array(buffer));
  }

  // x with `digits` significant digits as C's %g writes it (as the terminal commands do):
  // 0.731059, -1.5e-07, 42.
  function format(x, digits) {
    digits = digits || 6;
    if (Number.isNaN(x)) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    if (x === 0) return "0";
    const exponential = x.toExponential(digits - 1);
    const exponent = parseInt(exponential.split("e")[1], 10);
    if (exponent < -4 || exponent >= digits) {
      let mantissa = exponential.split("e")[0];
      if (mantissa.indexOf(".") >= 0) mantissa = mantissa.replace(/0+$/, "").replace(/\.$/, "");
      const sign = exponent < 0 ? "-" : "+";
      const magnitude = String(Math.abs(exponent)).padStart(2, "0");
      return mantissa + "e" + sign + magnitude;
    }
    let fixed = x.toFixed(Math.max(0, digits - 1 - exponent));
    if (fixed.indexOf(".") >= 0) fixed = fixed.replace(/0+$/, "").replace(/\.$/, "");
    return fixed;
  }

  function shapeText(shape) {
    return shape.length === 0 ? "scalar" : shape.join("×");
  }

  // The position of element k in `shape`: "[1,0]", "[3]", "" for a single number.
  function position(k, shape) {
    if (shape.length === 0) return "";
    const index = [];
    let rest = k;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const size = Math.max(shape[axis], 1);
      index.unshift(rest % size);
      rest = Math.floor(rest / size);
    }
    return "[" + index.join(",") + "]";
  }

  nodes.forEach(function (node) {
    node.values = decode(node.value);
    node.grads = decode(node.grad);
    node.stateds = decode(node.stated);
    node.count = node.shape.reduce(function (a, b) { return a * b; }, 1);
    node.packed = !Array.isArray(node.value);
    node.consumers = [];
  });
  nodes.forEach(function (node) {
    node.inputs.forEach(function (input) {
      if (nodes[input].consumers.indexOf(node.id) < 0) nodes[input].consumers.push(node.id);
    });
  });
  const lossID = data.trace.loss_node;

  // The forward and backward step of each node (1-based step numbers).
  const forwardStep = {};
  const backwardStep = {};
  steps.forEach(function (step, k) {
    if (step.phase === "forward") forwardStep[step.node] = k + 1;
    else backwardStep[step.node] = k + 1;
  });

  function el(tag, attributes, children) {
    const element = document.createElement(tag);
    for (const key in attributes || {}) {
      if (key === "text") element.textContent = attributes[key];
      else if (key === "className") element.className = attributes[key];
      else element.setAttribute(key, attributes[key]);
    }
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) element.append(child);
    });
    return element;
  }

  function svg(tag, attributes) {
    const element = document.createElementNS(svgNS, tag);
    for (const key in attributes || {}) element.setAttribute(key, attributes[key]);
    return element;
  }

  // ---- the graph -----------------------------------------------------------------------------

  // The largest of a list of any length (Math.max.apply has a limit on arguments).
  function largest(list) {
    return list.reduce(function (a, b) { return b > a ? b : a; }, -Infinity);
  }

  // Columns from left to right: inputs and parameters first, each op one column right of its
  // last input, a constant just left of the first op that uses it.
  function layout() {
    const column = nodes.map(function () { return 0; });
    nodes.forEach(function (node) {
      if (node.role === "operation") {
        let c = 0;
        node.inputs.forEach(function (i) {
          if (nodes[i].role !== "constant") c = Math.max(c, column[i] + 1);
        });
        column[node.id] = Math.max(c, 1);
      }
    });
    nodes.forEach(function (node) {
      if (node.role === "constant") {
        const used = node.consumers.map(function (c) { return column[c]; });
        const first = -largest(used.map(function (c) { return -c; }));  // the leftmost user
        column[node.id] = used.length ? Math.max(0, first - 1) : 0;
      }
    });
    const columns = [];
    nodes.forEach(function (node) {
      (columns[column[node.id]] = columns[column[node.id]] || []).push(node.id);
    });
    for (let c = 0; c < columns.length; c++) columns[c] = columns[c] || [];
    // Order each column by where its inputs (then its consumers) sit: fewer crossings.
    const order = {};
    columns.forEach(function (ids) { ids.forEach(function (id, k) { order[id] = k; }); });
    function mean(list) {
      return list.length ? list.reduce(function (a, b) { return a + order[b]; }, 0) / list.length : null;
    }
    for (let sweep = 0; sweep < 2; sweep++) {
      columns.forEach(function (ids) {
        const key = {};
        ids.forEach(function (id) {
          const m = mean(nodes[id].inputs);
          const n = mean(nodes[id].consumers);
          key[id] = m !== null ? m : n !== null ? n : order[id];
        });
        ids.sort(function (a, b) { return key[a] - key[b] || a - b; });
        ids.forEach(function (id, k) { order[id] = k; });
      });
    }
    return { column: column, columns: columns };
  }

  const boxHeight = 50;
  const gapX = 64;
  const gapY = 22;
  const charWidth = 7.4;
  const maxLabel = 26;

  function label(name) {
    return name.length > maxLabel ? name.slice(0, maxLabel - 1) + "…" : name;
  }

  // The value (or gradient) as a node shows it: up to two numbers, else the first two and "…".
  function brief(values) {
    if (!values) return "";
    if (values.length === 1) return format(values[0], 4);
    const shown = values.slice(0, 2).map(function (x) { return format(x, 3); });
    return "[" + shown.join(", ") + (values.length > 2 ? ", …" : "") + "]";
  }

  const graph = { boxes: {}, edges: [] };

  function buildGraph() {
    const placed = layout();
    const widths = nodes.map(function (node) {
      const texts = [label(node.name), "= " + brief(node.values), node.grads ? "d: " + brief(node.grads) : ""];
      const longest = Math.max.apply(null, texts.map(function (t) { return t.length; }));
      return Math.max(72, Math.ceil(longest * charWidth) + 18);
    });
    const columnWidth = placed.columns.map(function (ids) {
      return largest([60].concat(ids.map(function (id) { return widths[id]; })));
    });
    const tallest = largest(placed.columns.map(function (ids) { return ids.length; }));
    const height = Math.max(1, tallest) * (boxHeight + gapY) + gapY;
    let x = 12;
    placed.columns.forEach(function (ids, c) {
      const top = (height - ids.length * (boxHeight + gapY) + gapY) / 2;
      ids.forEach(function (id, k) {
        const w = widths[id];
        graph.boxes[id] = { x: x + (columnWidth[c] - w) / 2, y: top + k * (boxHeight + gapY), w: w, h: boxHeight };
      });
      x += columnWidth[c] + gapX;
    });
    const width = x - gapX + 12;

    const image = svg("svg", {
      viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "group", "aria-label": "computation graph: inputs and parameters at the left, the loss at the right",
    });
    const defs = svg("defs");
    const marker = svg("marker", { id: "arrow", viewBox: "0 0 8 8", refX: "8", refY: "4", markerWidth: "7", markerHeight: "7", orient: "auto" });
    marker.append(svg("path", { d: "M0,0 L8,4 L0,8 z", class: "arrowhead" }));
    defs.append(marker);
    image.append(defs);

    const edgeLayer = svg("g", { class: "edges" });
    const labelLayer = svg("g", { class: "edge-labels" });
    nodes.forEach(function (node) {
      node.inputs.forEach(function (input) {
        const a = graph.boxes[input];
        const b = graph.boxes[node.id];
        const x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x, y2 = b.y + b.h / 2;
        const bend = Math.max(24, (x2 - x1) / 2);
        const path = svg("path", {
          d: "M" + x1 + "," + y1 + " C" + (x1 + bend) + "," + y1 + " " + (x2 - bend) + "," + y2 + " " + x2 + "," + y2,
          class: "edge", "marker-end": "url(#arrow)", "data-from": input, "data-to": node.id,
        });
        edgeLayer.append(path);
        graph.edges.push({ from: input, to: node.id, path: path });
        const text = svg("text", { x: x1 + 6, y: y1 - 5, class: "shape" });
        text.textContent = shapeText(nodes[input].shape);
        labelLayer.append(text);
      });
    });
    image.append(edgeLayer);

    const nodeLayer = svg("g", { class: "nodes" });
    nodes.forEach(function (node) {
      const box = graph.boxes[node.id];
      const isLoss = node.id === lossID;
      const group = svg("g", {
        class: "node role-" + node.role + (isLoss ? " loss" : ""),
        "data-node": node.id, tabindex: "0", role: "button",
        transform: "translate(" + box.x + "," + box.y + ")",
      });
      const title = svg("title");
      title.textContent = node.name + " (" + (node.role === "operation" ? node.op : node.role) + ", " + shapeText(node.shape) + ")";
      group.append(title);
      if (isLoss) group.append(svg("rect", { x: -4, y: -4, width: box.w + 8, height: box.h + 8, rx: 10, class: "outer" }));
      group.append(svg("rect", { width: box.w, height: box.h, rx: 7, class: "box" }));
      const name = svg("text", { x: 9, y: 16, class: "name" });
      name.textContent = label(node.name);
      const value = svg("text", { x: 9, y: 31, class: "value" });
      const gradient = svg("text", { x: 9, y: 44, class: "grad" });
      group.append(name, value, gradient);
      group.addEventListener("click", function () { jumpTo(node.id); });
      group.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          jumpTo(node.id);
        }
      });
      nodeLayer.append(group);
      graph.boxes[node.id].group = group;
      graph.boxes[node.id].value = value;
      graph.boxes[node.id].gradient = gradient;
    });
    image.append(nodeLayer);
    image.append(labelLayer);
    document.getElementById("graph").append(image);
  }

  // Clicking a node goes to its step: its gradient's while walking backward (when it has one),
  // else its value's.
  function jumpTo(id) {
    const step = steps[page.index];
    if (step && step.phase === "backward" && backwardStep[id]) go(backwardStep[id]);
    else go(forwardStep[id]);
  }

  // What the graph shows at step k (0-based): computed values, computed gradients, the current node.
  function paintGraph(k) {
    const step = steps[k];
    const valueKnown = {};
    const gradKnown = {};
    for (let j = 0; j <= k; j++) {
      if (steps[j].phase === "forward") valueKnown[steps[j].node] = true;
      else gradKnown[steps[j].node] = true;
    }
    nodes.forEach(function (node) {
      const box = graph.boxes[node.id];
      const current = node.id === step.node;
      box.group.classList.toggle("computed", !!valueKnown[node.id]);
      box.group.classList.toggle("has-grad", !!gradKnown[node.id]);
      box.group.classList.toggle("current", current);
      if (current) box.group.setAttribute("aria-current", "step");
      else box.group.removeAttribute("aria-current");
      box.value.textContent = valueKnown[node.id] ? "= " + brief(node.values) : "";
      box.gradient.textContent = gradKnown[node.id] ? "d: " + brief(node.grads) : "";
      const where = (current ? "current step, " : "") + node.name
        + (valueKnown[node.id] ? ", value " + brief(node.values) : ", not computed yet")
        + (gradKnown[node.id] ? ", gradient " + brief(node.grads) : "");
      box.group.setAttribute("aria-label", where);
    });
    graph.edges.forEach(function (edge) {
      const active = step.phase === "forward" ? edge.to === step.node : edge.from === step.node;
      edge.path.classList.toggle("active", active);
    });
    const box = graph.boxes[step.node];
    const area = document.getElementById("graph-area");
    const left = box.x - area.clientWidth / 2 + box.w / 2;
    const top = box.y - area.clientHeight / 2 + box.h / 2;
    if (box.x < area.scrollLeft || box.x + box.w > area.scrollLeft + area.clientWidth
      || box.y < area.scrollTop || box.y + box.h > area.scrollTop + area.clientHeight) {
      area.scrollTo({ left: Math.max(0, left), top: Math.max(0, top) });
    }
  }

  // ---- tensors -------------------------------------------------------------------------------

  // Matrices of up to this many numbers (and columns) are tables; larger ones heat maps.
  const tableLimit = 100;
  const tableColumns = 12;

  // The axis a printed row runs along, as the terminal prints tensors: the last, except for
  // images of one channel (N, H, W, 1), whose rows are rows of pixels, and kernels from one
  // channel to one (KH, KW, 1, 1); -1 for a single number.
  function columnAxis(shape) {
    if (shape.length === 0) return -1;
    if (shape.length === 4 && shape[3] === 1) return shape[2] === 1 ? 1 : 2;
    return shape.length - 1;
  }

  // A tensor for the detail panel: a table of numbers, or a heat map with min, mean and max and
  // a way to read any entry. `kind` is "value", "grad" or "stated" (the learner's own gradient,
  // `grad NAME = …` in the file, in its own shape).
  function tensorView(node, kind) {
    const values = kind === "value" ? node.values : kind === "grad" ? node.grads : node.stateds;
    const shape = kind === "stated" && node.stated_shape ? node.stated_shape : node.shape;
    const axis = columnAxis(shape);
    const columns = axis < 0 ? 1 : shape[axis];
    const rows = columns === 0 ? 0 : values.length / columns;
    const name = kind === "value" ? node.name : kind === "grad" ? node.gradient_name : "your " + node.gradient_name;
    const figure = el("figure", { className: "tensor-view", "data-node": node.id, "data-kind": kind });
    figure.append(el("figcaption", {}, [
      el("span", { className: "tensor-name", text: name }),
      el("span", { className: "tensor-shape", text: " (" + shapeText(shape) + ")" }),
    ]));
    if (values.length <= tableLimit && columns <= tableColumns) {
      const table = el("table", { className: "tensor", "data-node": node.id, "data-kind": kind });
      for (let r = 0; r < rows; r++) {
        const tr = el("tr");
        if (shape.length > 2) {
          const index = position(r * columns, shape).slice(1, -1).split(",");
          index[axis] = "…";
          tr.append(el("th", { scope: "row", text: "[" + index.join(",") + "]" }));
        }
        for (let c = 0; c < columns; c++) {
          const i = r * columns + c;
          const x = values[i];
          tr.append(el("td", { "data-i": i, title: name + position(i, shape), className: x < 0 ? "neg" : "" , text: format(x) }));
        }
        table.append(tr);
      }
      figure.append(el("div", { className: "table-scroll" }, [table]));
    } else {
      figure.append(heatMap(node, kind, values, shape, rows, columns, name));
    }
    return figure;
  }

  function heatMap(node, kind, values, shape, rows, columns, name) {
    const stats = node.stats[kind];
    const wrapper = el("div", { className: "heatmap" });
    const dl = el("dl", { className: "stats", "data-node": node.id, "data-kind": kind });
    if (stats) {
      [["min", stats.min], ["mean", stats.mean], ["max", stats.max], ["‖·‖₂", stats.norm]].forEach(function (pair) {
        dl.append(el("dt", { text: pair[0] }), el("dd", { "data-stat": pair[0] === "‖·‖₂" ? "norm" : pair[0], text: format(pair[1]) }));
      });
      if (stats.nonfinite > 0) dl.append(el("dt", { text: "not finite" }), el("dd", { "data-stat": "nonfinite", text: String(stats.nonfinite) }));
    } else {
      dl.append(el("dt", { text: "every entry" }), el("dd", { "data-stat": "nonfinite", text: "not finite" }));
    }
    wrapper.append(dl);
    const canvas = el("canvas", { width: columns, height: rows, "aria-hidden": "true" });
    const context = canvas.getContext("2d");
    const image = context.createImageData(columns, rows);
    let scale = 0;
    values.forEach(function (x) { if (Number.isFinite(x)) scale = Math.max(scale, Math.abs(x)); });
    const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    values.forEach(function (x, i) {
      const t = scale > 0 && Number.isFinite(x) ? x / scale : 0;
      const base = dark ? 30 : 255;
      let r = base, g = base, b = base;
      if (!Number.isFinite(x)) { r = 255; g = 0; b = 255; }
      else if (t > 0) { r = dark ? base + (230 - base) * t : 255; g = base - (base - (dark ? 60 : 40)) * t; b = base - (base - (dark ? 60 : 40)) * t; }
      else if (t < 0) { b = dark ? base + (230 - base) * -t : 255; g = base - (base - (dark ? 110 : 100)) * -t; r = base - (base - (dark ? 60 : 30)) * -t; }
      image.data[4 * i] = r; image.data[4 * i + 1] = g; image.data[4 * i + 2] = b; image.data[4 * i + 3] = 255;
    });
    context.putImageData(image, 0, 0);
    // Square cells where they fit in 576×320 pixels; else stretched to at least 160×24.
    const cell = Math.min(12, 576 / Math.max(columns, 1), 320 / Math.max(rows, 1));
    canvas.style.width = Math.max(160, Math.min(576, columns * cell)) + "px";
    canvas.style.height = Math.max(24, Math.min(320, rows * cell)) + "px";
    wrapper.append(el("div", { className: "legend" }, [
      el("span", { className: "neg-key", text: "blue: below 0" }), " · ",
      el("span", { className: "pos-key", text: "red: above 0" }), " · ",
      el("span", { text: "white/grey: 0 (scale ±" + format(scale, 3) + ")" }),
    ]));
    wrapper.append(canvas);

    // Any entry: by its row and column, or by pointing at the map.
    const id = "entry-" + node.id + "-" + kind;
    const rowInput = el("input", { type: "number", min: "0", max: String(rows - 1), value: "0", id: id + "-row", inputmode: "numeric" });
    const columnInput = el("input", { type: "number", min: "0", max: String(columns - 1), value: "0", id: id + "-col", inputmode: "numeric" });
    const output = el("output", { className: "entry", "data-node": node.id, "data-kind": kind, "aria-live": "polite", for: id + "-row " + id + "-col" });
    function show() {
      const r = Math.min(rows - 1, Math.max(0, parseInt(rowInput.value, 10) || 0));
      const c = Math.min(columns - 1, Math.max(0, parseInt(columnInput.value, 10) || 0));
      const i = r * columns + c;
      output.dataset.i = String(i);
      output.textContent = name + position(i, shape) + " = " + format(values[i])
        + (node.packed ? " (kept in single precision in this page)" : "");
    }
    rowInput.addEventListener("input", show);
    columnInput.addEventListener("input", show);
    canvas.addEventListener("mousemove", function (event) {
      const rect = canvas.getBoundingClientRect();
      rowInput.value = String(Math.floor((event.clientY - rect.top) / rect.height * rows));
      columnInput.value = String(Math.floor((event.clientX - rect.left) / rect.width * columns));
      show();
    });
    wrapper.append(el("div", { className: "entry-picker" }, [
      el("label", { for: id + "-row", text: "row " }), rowInput,
      el("label", { for: id + "-col", text: " column " }), columnInput, " ", output,
    ]));
    show();
    return wrapper;
  }

  // ---- the detail panel ----------------------------------------------------------------------

  function statusBadge(status) {
    return el("strong", { className: "status status-" + status.toLowerCase(), text: status });
  }

  function checkView(node) {
    const check = node.check;
    const section = el("section", { className: "check", "aria-label": "check" });
    section.append(el("h3", { text: "Check: derivation, backward pass, finite difference" }));
    if (!check) {
      const why = node.id === lossID
        ? "The loss's own gradient is 1 by definition: nothing to check."
        : "Not checked.";
      section.append(el("p", { text: why }));
      return section;
    }
    const line = el("p", { className: "check-status", "data-status": check.status }, [
      statusBadge(check.status),
      " " + node.gradient_name + ": " + (check.checked === check.count ? check.checked + " entries" : check.checked + " of " + check.count + " entries")
        + " checked, worst relative error " + check.worst_relative_error,
    ]);
    section.append(line);
    const table = el("table", { className: "check-table" });
    table.append(el("tr", {}, ["entry", "derivation", "backward", "numeric", "rel. error", "status"].map(function (h) {
      return el("th", { scope: "col", text: h });
    })));
    check.entries.forEach(function (e) {
      table.append(el("tr", { "data-element": e.element }, [
        el("td", { text: node.gradient_name + e.entry }),
        el("td", { text: e.derivation }), el("td", { text: e.backward }), el("td", { text: e.numeric }),
        el("td", { text: e.relative_error }), el("td", {}, [statusBadge(e.status)]),
      ]));
    });
    section.append(el("div", { className: "table-scroll" }, [table]));
    if (check.entries.length < check.checked) {
      section.append(el("p", { text: "The " + check.entries.length + " entries that matter most of the " + check.checked + " checked are listed." }));
    }
    if (data.check && data.check.verdict) {
      section.append(el("p", { className: "verdict" }, ["The whole network, as explain ends: ", el("code", { text: data.check.verdict })]));
    }
    return section;
  }

  function renderDetail(k) {
    const step = steps[k];
    const node = nodes[step.node];
    const detail = document.getElementById("detail");
    detail.replaceChildren();
    const heading = step.phase === "forward"
      ? "Forward: " + node.name
      : "Backward: " + node.gradient_name;
    detail.append(el("h2", { id: "detail-heading", text: heading }));
    const what = node.role === "operation"
      ? node.name + " = " + node.formula + "   (" + node.op + ")"
      : node.name + ": " + (node.role === "parameter" ? "a parameter" : node.role === "constant" ? "a constant" : "an input") + ", given";
    detail.append(el("p", { className: "formula", text: what }));
    if (step.phase === "forward") {
      detail.append(el("h3", { text: "Value" }));
      detail.append(el("pre", { className: "explain-forward", text: node.forward.join("\n") }));
      detail.append(tensorView(node, "value"));
      if (node.role === "operation" && node.rule) {
        detail.append(el("h3", { text: "Its local rule (used on the way back)" }));
        detail.append(el("p", { className: "rule", text: node.op + ": " + node.rule }));
      }
    } else {
      const views = el("div", { className: "pair" });
      views.append(tensorView(node, "value"));
      if (node.grads) views.append(tensorView(node, "grad"));
      if (node.stateds) views.append(tensorView(node, "stated"));
      detail.append(views);
      if (node.stated_verdict) {
        // As `backprop check` words it: exact, close, WRONG or shape, against the backward pass.
        const verdict = node.stated_verdict;
        detail.append(el("p", {
          className: "stated-verdict", "data-verdict": verdict.word,
          text: "Your " + node.gradient_name + " (grad " + node.name + " in the file), against the backward pass: " + verdict.text,
        }));
      }
      const rules = node.consumers.filter(function (c) { return backwardStep[c]; }).map(function (c) {
        return el("li", { text: nodes[c].name + " = " + nodes[c].formula + ", " + nodes[c].op + ": " + nodes[c].rule });
      });
      if (rules.length) {
        detail.append(el("h3", { text: "Local rules of the ops that use " + node.name }));
        detail.append(el("ul", { className: "rule" }, rules));
      }
      detail.append(el("h3", { text: "Derivation (as backprop explain writes it)" }));
      detail.append(el("pre", { className: "derivation", "data-node": node.id, text: (node.derivation || []).join("\n") }));
      detail.append(checkView(node));
    }
  }

  // ---- the lesson ----------------------------------------------------------------------------

  // The part of the lesson that matches the step: one that shows this pass and names the node
  // (or its gradient), else the first that shows this pass, else one that names the node.
  function lessonPart(step) {
    if (!data.lesson) return null;
    const node = nodes[step.node];
    const phase = step.phase;
    const sections = data.lesson.sections;
    const names = phase === "backward" ? [node.gradient_name, node.name] : [node.name];
    function shows(s) { return s.phases.indexOf(phase) >= 0 || s.phases.indexOf("program") >= 0; }
    function names_(s) { return names.some(function (n) { return s.names.indexOf(n) >= 0; }); }
    // A given value (an input, a parameter) is where the network declares it.
    const declared = phase === "forward" && node.role !== "operation"
      ? sections.find(function (s) { return s.phases.indexOf("network") >= 0; }) : null;
    return declared
      || sections.find(function (s) { return shows(s) && names_(s); })
      || sections.find(shows)
      || sections.find(names_)
      || null;
  }

  // Within the part, the first paragraph or list item whose code spans name the node (or its
  // gradient) is marked too: `dW2[0,0]` names dW2.
  function mentioning(section, names) {
    const blocks = section.querySelectorAll("p, li");
    for (let i = 0; i < blocks.length; i++) {
      const codes = blocks[i].querySelectorAll("code");
      for (let j = 0; j < codes.length; j++) {
        const text = codes[j].textContent.split(" = ")[0].replace(/\[[^\]]*\]$/, "");
        if (names.indexOf(text) >= 0) return blocks[i];
      }
    }
    return null;
  }

  function paintLesson(k) {
    const aside = document.getElementById("lesson");
    if (!aside) return;
    const step = steps[k];
    const node = nodes[step.node];
    const part = lessonPart(step);
    aside.querySelectorAll(".mentioned").forEach(function (block) { block.classList.remove("mentioned"); });
    let target = null;
    aside.querySelectorAll(".lesson-part").forEach(function (section) {
      const current = part !== null && section.id === part.id;
      section.classList.toggle("current", current);
      if (current) {
        section.setAttribute("aria-current", "true");
        const names = step.phase === "backward" ? [node.gradient_name, node.name] : [node.name];
        const block = mentioning(section, names);
        if (block) block.classList.add("mentioned");
        target = block || section;
      } else {
        section.removeAttribute("aria-current");
      }
    });
    // The column scrolls on its own beside the graph; on a narrow screen it is below and stays.
    if (target && aside.scrollHeight > aside.clientHeight + 4) {
      const top = target.getBoundingClientRect().top - aside.getBoundingClientRect().top + aside.scrollTop;
      aside.scrollTo({ top: Math.max(0, top - 16) });
    }
  }

  // ---- steps ---------------------------------------------------------------------------------

  const modules = window.BackpropModules = window.BackpropModules || [];

  const page = {
    data: data,
    nodes: nodes,
    steps: steps,
    index: 0,
    get step() {
      const s = steps[this.index];
      return { number: this.index + 1, phase: s.phase, node: s.node };
    },
    go: go,
    format: format,
    position: position,
    decode: decode,
    tensorView: tensorView,
    element: el,
    // A section of its own for a module, under the detail panel.
    section: function (id, title) {
      const existing = document.getElementById(id);
      if (existing) return existing;
      const section = el("section", { id: id, className: "module" }, [el("h2", { text: title })]);
      document.getElementById("modules").append(section);
      return section;
    },
    detail: function () { return document.getElementById("detail"); },
  };
  window.BackpropPage = page;

  // Shows step `number` (1-based, clamped).
  function go(number) {
    if (!steps.length) return;
    const k = Math.min(steps.length, Math.max(1, Math.round(number) || 1)) - 1;
    page.index = k;
    const step = steps[k];
    const node = nodes[step.node];
    root.dataset.step = String(k + 1);
    root.dataset.phase = step.phase;
    root.dataset.currentNode = String(step.node);
    document.getElementById("step-label").textContent = "Step " + (k + 1) + " of " + steps.length + ": "
      + (step.phase === "forward" ? "forward, " + node.name : "backward, " + node.gradient_name);
    // aria-disabled, not disabled: a button that keeps its focus at either end.
    document.getElementById("first").setAttribute("aria-disabled", String(k === 0));
    document.getElementById("back").setAttribute("aria-disabled", String(k === 0));
    document.getElementById("next").setAttribute("aria-disabled", String(k === steps.length - 1));
    document.getElementById("last").setAttribute("aria-disabled", String(k === steps.length - 1));
    paintGraph(k);
    renderDetail(k);
    paintLesson(k);
    modules.forEach(function (module) {
      if (module.update) {
        try { module.update(page.step, page); } catch (error) { console.error(module.name, error); }
      }
    });
    const hash = "#step=" + (k + 1);
    if (location.hash !== hash) {
      try { history.replaceState(null, "", hash); } catch (error) { location.replace(hash); }
    }
  }

  function stepFromHash() {
    const match = /step=(\d+)/.exec(location.hash);
    return match ? parseInt(match[1], 10) : 1;
  }

  function start() {
    buildGraph();
    document.getElementById("first").addEventListener("click", function () { go(1); });
    document.getElementById("back").addEventListener("click", function () { go(page.index); });
    document.getElementById("next").addEventListener("click", function () { go(page.index + 2); });
    document.getElementById("last").addEventListener("click", function () { go(steps.length); });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const tag = event.target && event.target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") return;
      const moves = { ArrowRight: page.index + 2, ArrowLeft: page.index, Home: 1, End: steps.length };
      if (event.key in moves) {
        event.preventDefault();
        go(moves[event.key]);
      }
    });
    window.addEventListener("hashchange", function () {
      if (stepFromHash() !== page.index + 1) go(stepFromHash());
    });
    modules.forEach(function (module) {
      if (module.init) {
        try { module.init(page); } catch (error) { console.error(module.name, error); }
      }
    });
    go(stepFromHash());
    countResources();
    root.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
