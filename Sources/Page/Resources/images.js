// backprop page, module "images": for an MNIST model (lesson 8, `backprop mnist trace --page`)
// the pictures behind the numbers (data.images): each input digit, its ten probabilities as
// bars, the gradient of the loss with respect to its pixels, and the first layer's weights, one
// image per unit. Images are bytes in base64 (Sources/Page/README.md): a digit's pixels as
// MNIST holds them, a signed image as 127.5·(v/scale + 1) with its own scale.
"use strict";

(window.BackpropModules = window.BackpropModules || []).push({
  name: "images",

  init: function (page) {
    const images = page.data.images;
    if (!images) return;
    const el = page.element;
    const format = page.format;
    const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

    function bytesOf(b64) {
      const raw = atob(b64);
      const bytes = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
      return bytes;
    }
    function signedValue(byte, scale) { return scale * (byte / 127.5 - 1); }
    // Red above 0, blue below, the background's colour at 0 (as the page's heat maps).
    function signedColour(t) {
      const base = dark ? 30 : 255;
      if (t > 0) return [dark ? base + (230 - base) * t : 255, base - (base - (dark ? 60 : 40)) * t, base - (base - (dark ? 60 : 40)) * t];
      if (t < 0) return [base - (base - (dark ? 60 : 30)) * -t, base - (base - (dark ? 110 : 100)) * -t, dark ? base + (230 - base) * -t : 255];
      return [base, base, base];
    }
    // A canvas of `rows`×`columns` pixels; `colour(i)` gives pixel i's [r, g, b].
    function picture(rows, columns, colour, label) {
      const canvas = el("canvas", { width: String(columns), height: String(rows), role: "img", "aria-label": label });
      const context = canvas.getContext("2d");
      const image = context.createImageData(columns, rows);
      for (let i = 0; i < rows * columns; i++) {
        const c = colour(i);
        image.data[4 * i] = c[0]; image.data[4 * i + 1] = c[1]; image.data[4 * i + 2] = c[2]; image.data[4 * i + 3] = 255;
      }
      context.putImageData(image, 0, 0);
      return canvas;
    }
    const side = images.side;
    // Ink dark on light (light on dark in dark mode).
    function ink(bytes) { return function (i) { const v = dark ? bytes[i] : 255 - bytes[i]; return [v, v, v]; }; }
    function signed(bytes) { return function (i) { return signedColour(bytes[i] / 127.5 - 1); }; }

    // ---- the digits, their probabilities and their input gradients -----------------------------
    const section = page.section("images", "The digits, as images");
    section.append(el("p", { className: "note", text:
      "Each input digit; the model's ten probabilities softmax(logits) as bars; and d(loss)/d(pixel), "
      + "the gradient of the loss with respect to each pixel: red where more ink would raise the loss, "
      + "blue where it would lower it." }));
    const row = el("div", { className: "digits" });
    images.digits.forEach(function (digit, n) {
      const pixels = bytesOf(digit.pixels);
      const card = el("figure", { className: "digit", "data-digit": String(n) });
      const label = digit.label === null ? "" : "label " + digit.label;
      const name = digit.name || "image " + n;
      card.append(el("figcaption", { text: name + (label ? ", " + label : "") }));
      const pictures = el("div", { className: "digit-pictures" });
      pictures.append(el("div", {}, [
        picture(side, side, ink(pixels), name + (label ? ", " + label : "")),
        el("div", { className: "caption", text: "input" }),
      ]));
      if (digit.gradient) {
        const g = bytesOf(digit.gradient.bytes);
        pictures.append(el("div", {}, [
          picture(side, side, signed(g), "gradient of the loss with respect to the pixels of " + name),
          el("div", { className: "caption", text: "d(loss)/d(pixel), ±" + format(digit.gradient.scale, 3) }),
        ]));
      }
      card.append(pictures);

      // Probabilities as bars, each with its number: the label's marked in words, the largest too.
      const p = digit.probabilities;
      if (p.length) {
        let best = 0;
        p.forEach(function (q, k) { if (q > p[best]) best = k; });
        const bars = el("table", { className: "bars", "aria-label": "probabilities of image " + n });
        p.forEach(function (q, k) {
          const notes = [];
          if (k === digit.label) notes.push("label");
          if (k === best) notes.push("most likely");
          const bar = el("span", { className: "bar" + (k === digit.label ? " is-label" : ""), style: "width: " + (100 * q).toFixed(1) + "%" });
          bars.append(el("tr", { "data-class": String(k) }, [
            el("th", { text: String(k) }),
            el("td", { className: "bar-cell" }, [bar]),
            el("td", { className: "probability", text: format(q, 4) }),
            el("td", { className: "bar-note", text: notes.join(", ") }),
          ]));
        });
        card.append(bars);
      }
      row.append(card);
    });
    section.append(row);

    // ---- the first layer's weights ----------------------------------------------------------
    const weights = images.weights;
    if (!weights) return;
    const units = weights.images.map(bytesOf);
    const r = weights.rows, c = weights.columns;
    const part = page.section("weights-images", "The first layer's weights " + weights.name + ", one image per unit");
    part.append(el("p", { className: "note", text:
      "Unit j's image is column j of " + weights.name + " laid out as " + r + "×" + c
      + ": the pixels whose ink raises that unit (red) or lowers it (blue), each image on its own scale. "
      + "Point at one, or choose its number, to see it larger with its numbers." }));
    // One canvas holding every unit, a pixel of space between them.
    const across = Math.ceil(Math.sqrt(units.length * 2));
    const down = Math.ceil(units.length / across);
    const width = across * (c + 1) - 1, height = down * (r + 1) - 1;
    const all = el("canvas", { width: String(width), height: String(height), className: "weights-grid", role: "img",
      "aria-label": units.length + " images of " + r + "×" + c + " weights" });
    const context = all.getContext("2d");
    const image = context.createImageData(width, height);
    const background = dark ? 17 : 255;
    for (let i = 0; i < width * height; i++) {
      image.data[4 * i] = background; image.data[4 * i + 1] = background; image.data[4 * i + 2] = background; image.data[4 * i + 3] = 255;
    }
    units.forEach(function (bytes, j) {
      const x0 = (j % across) * (c + 1), y0 = Math.floor(j / across) * (r + 1);
      for (let k = 0; k < r * c; k++) {
        const colour = signedColour(bytes[k] / 127.5 - 1);
        const at = 4 * ((y0 + Math.floor(k / c)) * width + x0 + (k % c));
        image.data[at] = colour[0]; image.data[at + 1] = colour[1]; image.data[at + 2] = colour[2];
      }
    });
    context.putImageData(image, 0, 0);
    part.append(el("div", { className: "weights-scroll" }, [all]));

    const unitInput = el("input", { type: "number", id: "weights-unit", min: "0", max: String(units.length - 1), value: "0", inputmode: "numeric" });
    const enlarged = el("div", { className: "weights-unit" });
    const readout = el("output", { className: "entry", id: "weights-readout", "aria-live": "polite" });
    function showUnit(j, pixel) {
      j = Math.min(units.length - 1, Math.max(0, j | 0));
      unitInput.value = String(j);
      const scale = weights.scales[j];
      enlarged.replaceChildren(picture(r, c, signed(units[j]), "weights of unit " + j));
      let text = weights.name + "[:," + j + "]: scale ±" + format(scale, 4);
      if (pixel !== undefined) {
        const row_ = Math.floor(pixel / c), column = pixel % c;
        text += "; pixel (" + row_ + ", " + column + ") is " + weights.name + "[" + pixel + "," + j + "] ≈ "
          + format(signedValue(units[j][pixel], scale), 3);
      }
      readout.textContent = text;
    }
    unitInput.addEventListener("input", function () { showUnit(parseInt(unitInput.value, 10) || 0); });
    all.addEventListener("mousemove", function (event) {
      const rect = all.getBoundingClientRect();
      const x = Math.floor((event.clientX - rect.left) / rect.width * width);
      const y = Math.floor((event.clientY - rect.top) / rect.height * height);
      const column = Math.floor(x / (c + 1)), row_ = Math.floor(y / (r + 1));
      const j = row_ * across + column;
      const px = x % (c + 1), py = y % (r + 1);
      if (j < units.length && px < c && py < r) showUnit(j, py * c + px);
    });
    enlarged.addEventListener("mousemove", function (event) {
      const canvas = enlarged.firstChild;
      const rect = canvas.getBoundingClientRect();
      const px = Math.floor((event.clientX - rect.left) / rect.width * c);
      const py = Math.floor((event.clientY - rect.top) / rect.height * r);
      if (px >= 0 && px < c && py >= 0 && py < r) showUnit(parseInt(unitInput.value, 10) || 0, py * c + px);
    });
    part.append(el("div", { className: "entry-picker" }, [el("label", { for: "weights-unit", text: "unit " }), unitInput, " ", readout]));
    part.append(enlarged);
    showUnit(0);
  },
});
