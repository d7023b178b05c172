// backprop page, module "timeline": watch it learn. `backprop page FILE --train N` embeds N
// optimizer steps (data.timeline: the loss at every step, every parameter's value and gradient,
// and for a network of two inputs the output over the input plane). A slider walks the steps;
// the loss curve, the parameters and the picture follow it together.
"use strict";

(window.BackpropModules = window.BackpropModules || []).push({
  name: "timeline",

  init: function (page) {
    const timeline = page.data.timeline;
    if (!timeline) return;
    const el = page.element;
    const format = page.format;
    const svgNS = "http://www.w3.org/2000/svg";
    function svg(tag, attributes) {
      const element = document.createElementNS(svgNS, tag);
      for (const key in attributes || {}) element.setAttribute(key, attributes[key]);
      return element;
    }
    const losses = page.decode(timeline.loss);
    const steps = timeline.steps;
    const lossName = timeline.loss_name;
    const count = steps === 1 ? "one " + timeline.optimizer_name + " step" : steps + " " + timeline.optimizer_name + " steps";

    const section = page.section("timeline", "Watch it learn: " + count + ", η = " + format(timeline.rate));
    section.append(el("p", { className: "timeline-about", text:
      "The same steps as 'backprop step " + timeline.file + " --optimizer " + timeline.optimizer
      + " --lr " + format(timeline.rate, 10) + " --steps " + steps + "'. Step s shows the network after s updates: "
      + "its loss, its parameters, and the gradient the next update uses." }));
    section.append(el("pre", { className: "timeline-rule", text: timeline.rule.join("\n") }));

    // ---- the slider ----------------------------------------------------------------------------
    const slider = el("input", {
      type: "range", id: "timeline-step", min: "0", max: String(steps), step: "1", value: "0",
      "aria-describedby": "timeline-readout",
    });
    const play = el("button", { type: "button", id: "timeline-play", text: "▶ Play" });
    const readout = el("output", { id: "timeline-readout", className: "timeline-readout", for: "timeline-step", "aria-live": "polite" });
    section.append(el("div", { className: "timeline-controls" }, [
      el("label", { for: "timeline-step", text: "training step " }), slider, play,
    ]));
    section.append(readout);

    // ---- the loss curve ------------------------------------------------------------------------
    const width = 640, height = 200, left = 72, right = 12, top = 12, bottom = 30;
    const finite = losses.filter(Number.isFinite);
    const positive = finite.length > 0 && finite.every(function (x) { return x > 0; });
    const high = finite.length ? finite.reduce(function (a, b) { return Math.max(a, b); }) : 1;
    const low = finite.length ? finite.reduce(function (a, b) { return Math.min(a, b); }) : 0;
    // A logarithmic axis when the loss falls by more than a factor of 100.
    const logarithmic = positive && high / low > 100;
    function yOf(loss) {
      if (!Number.isFinite(loss)) return top;
      const t = logarithmic ? (Math.log(loss) - Math.log(low)) / (Math.log(high) - Math.log(low) || 1)
        : (loss - low) / ((high - low) || 1);
      return top + (1 - t) * (height - top - bottom);
    }
    function xOf(step) { return left + (steps ? step / steps : 0) * (width - left - right); }
    const curve = svg("svg", {
      viewBox: "0 0 " + width + " " + height, class: "loss-curve", role: "img",
      "aria-label": "the loss " + lossName + " at each step, from " + format(losses[0]) + " at step 0 to "
        + format(losses[steps]) + " at step " + steps + (logarithmic ? " (logarithmic scale)" : ""),
    });
    curve.append(svg("line", { x1: left, y1: height - bottom, x2: width - right, y2: height - bottom, class: "axis" }));
    curve.append(svg("line", { x1: left, y1: top, x2: left, y2: height - bottom, class: "axis" }));
    function text(x, y, content, anchor) {
      const t = svg("text", { x: x, y: y, "text-anchor": anchor || "start", class: "tick" });
      t.textContent = content;
      curve.append(t);
    }
    text(left - 6, top + 8, format(high, 3), "end");
    text(left - 6, height - bottom, format(low, 3), "end");
    text(left, height - 10, "0", "middle");
    text(width - right, height - 10, String(steps), "end");
    text((left + width - right) / 2, height - 10, "step" + (logarithmic ? " (loss on a log scale)" : ""), "middle");
    const points = losses.map(function (loss, s) { return xOf(s).toFixed(1) + "," + yOf(loss).toFixed(1); });
    curve.append(svg("polyline", { points: points.join(" "), class: "loss-line" }));
    const marker = svg("line", { y1: top, y2: height - bottom, class: "marker" });
    const dot = svg("circle", { r: 4.5, class: "dot" });
    curve.append(marker, dot);
    // Pointing at the curve chooses a step.
    function stepAt(event) {
      const rect = curve.getBoundingClientRect();
      const x = (event.clientX - rect.left) / rect.width * width;
      return Math.round(Math.min(1, Math.max(0, (x - left) / (width - left - right))) * steps);
    }
    curve.addEventListener("click", function (event) { show(stepAt(event)); });
    section.append(el("div", { className: "loss-curve-box" }, [curve]));

    // ---- the parameters ------------------------------------------------------------------------
    const parameterBox = el("div", { className: "timeline-parameters" });
    section.append(el("h3", { text: "Every parameter at this step" }), parameterBox);
    const snapshots = timeline.snapshots.map(function (s) {
      return { step: s.step, values: s.values.map(page.decode), gradients: s.gradients.map(page.decode) };
    });
    const listed = 64;

    // ---- the decision surface ------------------------------------------------------------------
    const surface = timeline.surface;
    let surfaceBox = null;
    const frames = surface ? surface.frames.map(function (f) {
      return {
        step: f.step,
        atPoints: f.at_points.map(page.decode),
        bytes: f.bytes.map(function (b64) {
          const raw = atob(b64);
          const bytes = new Uint8Array(raw.length);
          for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
          return bytes;
        }),
      };
    }) : [];
    if (surface) {
      surfaceBox = el("div", { className: "surface-box" });
      section.append(el("h3", { text: "The output " + surface.output + " over the plane of " + surface.input }), surfaceBox);
    }

    // Orange at the low end, white in the middle, blue at the high end, as TensorFlow
    // Playground colours its plane.
    function colour(t) {
      const lowColour = [245, 147, 34], mid = [232, 234, 235], highColour = [8, 119, 189];
      const a = t < 0.5 ? lowColour : mid, b = t < 0.5 ? mid : highColour, u = t < 0.5 ? t * 2 : (t - 0.5) * 2;
      return [0, 1, 2].map(function (k) { return Math.round(a[k] + (b[k] - a[k]) * u); });
    }
    function rgb(c) { return "rgb(" + c.join(",") + ")"; }
    const span = surface ? surface.high - surface.low : 1;
    function unit(v) { return Math.min(1, Math.max(0, (v - surface.low) / (span || 1))); }

    function frameFor(step) {
      let chosen = frames[0];
      frames.forEach(function (f) { if (f.step <= step) chosen = f; });
      return chosen;
    }

    function drawSurface(step) {
      const frame = frameFor(step);
      surfaceBox.replaceChildren();
      if (frame.step !== step) {
        surfaceBox.append(el("p", { className: "note", text:
          "The plane is drawn every " + surface.every + " steps; this is step " + frame.step + "." }));
      }
      const g = surface.grid;
      const row = el("div", { className: "surfaces" });
      for (let c = 0; c < surface.columns; c++) {
        const canvas = el("canvas", { width: String(g), height: String(g), "aria-hidden": "true" });
        const context = canvas.getContext("2d");
        const image = context.createImageData(g, g);
        frame.bytes[c].forEach(function (b, i) {
          const rgbValue = colour(b / 255);
          image.data[4 * i] = rgbValue[0]; image.data[4 * i + 1] = rgbValue[1]; image.data[4 * i + 2] = rgbValue[2];
          image.data[4 * i + 3] = 255;
        });
        context.putImageData(image, 0, 0);
        // The data points on top, each coloured by what it should be, outlined, with its numbers.
        const overlay = svg("svg", { viewBox: "0 0 100 100", class: "points", role: "group",
          "aria-label": "the " + surface.points.length + " data points" });
        surface.points.forEach(function (p, k) {
          const x = (p[0] - surface.x[0]) / (surface.x[1] - surface.x[0]) * 100;
          const y = (surface.y[1] - p[1]) / (surface.y[1] - surface.y[0]) * 100;
          const expected = surface.expected ? surface.expected[k][c] : null;
          const circle = svg("circle", {
            cx: x.toFixed(2), cy: y.toFixed(2), r: 3.2, class: "point",
            fill: expected === null ? "none" : rgb(colour(unit(expected))),
          });
          const title = svg("title");
          title.textContent = surface.input + " = (" + format(p[0], 4) + ", " + format(p[1], 4) + ")"
            + (expected === null ? "" : ", should be " + format(expected, 4))
            + ", output " + format(frame.atPoints[k][c], 4);
          circle.append(title);
          overlay.append(circle);
        });
        const label = surface.columns > 1 ? surface.output + "[:," + c + "]" : surface.output;
        const figure = el("figure", { className: "surface" }, [
          el("div", { className: "surface-frame" }, [canvas, overlay]),
          el("figcaption", { text: label + " at step " + frame.step + "; " + surface.input + "[:,0] across from "
            + format(surface.x[0], 3) + " to " + format(surface.x[1], 3) + ", " + surface.input + "[:,1] up from "
            + format(surface.y[0], 3) + " to " + format(surface.y[1], 3) }),
        ]);
        row.append(figure);
      }
      surfaceBox.append(row);
      const key = el("div", { className: "surface-key" }, [
        el("span", { className: "swatch", style: "background: linear-gradient(to right, " + rgb(colour(0)) + ", "
          + rgb(colour(0.5)) + ", " + rgb(colour(1)) + ")" }),
        el("span", { text: " orange " + format(surface.low, 3) + " … white … blue " + format(surface.high, 3)
          + "; the dots are the data points, filled with what each should be" }),
      ]);
      surfaceBox.append(key);
      // The numbers at the points, as text.
      const table = el("table", { className: "numbers points-table" });
      const header = [surface.input + "[:,0]", surface.input + "[:,1]"];
      for (let c = 0; c < surface.columns; c++) {
        const name = surface.columns > 1 ? surface.output + "[:," + c + "]" : surface.output;
        if (surface.expected) header.push("should be");
        header.push(name + " at step " + frame.step);
      }
      table.append(el("tr", {}, header.map(function (h) { return el("th", { text: h }); })));
      surface.points.forEach(function (p, k) {
        const cells = [format(p[0], 4), format(p[1], 4)];
        for (let c = 0; c < surface.columns; c++) {
          if (surface.expected) cells.push(format(surface.expected[k][c], 4));
          cells.push(format(frame.atPoints[k][c]));
        }
        table.append(el("tr", {}, cells.map(function (t) { return el("td", { text: t }); })));
      });
      surfaceBox.append(el("div", { className: "table-scroll" }, [table]));
    }

    function snapshotFor(step) {
      let chosen = snapshots[0];
      snapshots.forEach(function (s) { if (s.step <= step) chosen = s; });
      return chosen;
    }

    function drawParameters(step) {
      parameterBox.replaceChildren();
      if (!snapshots.length) {
        parameterBox.append(el("p", { className: "note", text:
          "This network has too many parameters to keep them at every step in one page; 'backprop step' prints them." }));
        return;
      }
      const snapshot = snapshotFor(step);
      if (snapshot.step !== step) {
        parameterBox.append(el("p", { className: "note", text:
          "Parameters are kept every " + timeline.every + " steps in this page; this is step " + snapshot.step + "." }));
      }
      timeline.parameters.forEach(function (parameter, k) {
        const values = snapshot.values[k], gradients = snapshot.gradients[k];
        const table = el("table", { className: "numbers", "data-parameter": parameter.name });
        table.append(el("caption", { text: parameter.name + " (" + (parameter.shape.length ? parameter.shape.join("×") : "scalar")
          + ") and its gradient d" + parameter.name + " at step " + snapshot.step }));
        table.append(el("tr", {}, ["entry", "value", "gradient"].map(function (h) { return el("th", { text: h }); })));
        for (let i = 0; i < Math.min(values.length, listed); i++) {
          table.append(el("tr", {}, [
            el("td", { text: parameter.name + page.position(i, parameter.shape) }),
            el("td", { text: format(values[i]) }),
            el("td", { text: format(gradients[i]) }),
          ]));
        }
        parameterBox.append(el("div", { className: "table-scroll" }, [table]));
        if (values.length > listed) {
          parameterBox.append(el("p", { className: "note", text: "The first " + listed + " of " + values.length + " entries." }));
        }
      });
    }

    let shown = -1;
    function show(step) {
      step = Math.min(steps, Math.max(0, Math.round(step) || 0));
      slider.value = String(step);
      if (step === shown) return;
      shown = step;
      section.dataset.step = String(step);
      section.dataset.loss = format(losses[step]);
      readout.textContent = "step " + step + " of " + steps + ": " + lossName + " = " + format(losses[step])
        + (step === 0 ? " (before the first update)" : "");
      marker.setAttribute("x1", xOf(step)); marker.setAttribute("x2", xOf(step));
      dot.setAttribute("cx", xOf(step)); dot.setAttribute("cy", yOf(losses[step]));
      drawParameters(step);
      if (surface) drawSurface(step);
    }
    slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });

    // Play walks the steps in about four seconds; any other choice of step stops it.
    let timer = null;
    function stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      play.textContent = "▶ Play";
    }
    play.addEventListener("click", function () {
      if (timer !== null) { stop(); return; }
      if (shown >= steps) show(0);
      const stride = Math.max(1, Math.round(steps / 100));
      play.textContent = "❚❚ Pause";
      timer = setInterval(function () {
        if (shown >= steps) { stop(); return; }
        show(Math.min(steps, shown + stride));
      }, 40);
    });
    slider.addEventListener("keydown", stop);
    curve.addEventListener("click", stop);

    // The address can choose the step too: #step=12&train=50.
    const match = /train=(\d+)/.exec(location.hash);
    show(match ? parseInt(match[1], 10) : 0);
    page.timeline = { show: show };
  },
});
