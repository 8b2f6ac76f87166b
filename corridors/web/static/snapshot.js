/* "Save as PNG": a button on the map that draws what is on screen onto a canvas (the ground, country
   outlines, route lines, names and places, the legend and the scale) with a caption (the title, the
   date of the view, the routes shown), and saves it as a PNG (map.corridorCaption, from the route layer).

   Everything is drawn from the page as the browser laid it out: the SVG layers as images, text run by
   run where it stands, so the picture is what the user sees. Background tiles (images of another site)
   are left out: they would taint the canvas, and the outlines carry the map without them.

   corridors.addSnapshot(map) adds the button; corridors.snapshot(map) resolves to the canvas. */
(function () {
  "use strict";
  var corridors = (window.corridors = window.corridors || {});
  // panes drawn, in the order of their z-index: not the tiles, the invisible hit lines, tooltips or popups
  var SKIPPED = /leaflet-(tile|corridor-hits|tooltip|popup)-pane/;
  var SVG_NS = "http://www.w3.org/2000/svg";

  corridors.addSnapshot = function (map) {
    var control = L.control({position: "topright"});
    control.onAdd = function () {
      var button = L.DomUtil.create("button", "corridors-snapshot");
      button.type = "button";
      button.textContent = "Save as PNG";
      button.title = "Save the map as a picture (PNG) with its legend, title and date";
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.stop(e);
        save(map, button);
      });
      return button;
    };
    control.addTo(map);
  };

  // A download through a link to the picture (the component's frame is sandboxed with allow-downloads).
  function save(map, button) {
    button.disabled = true;
    corridors.snapshot(map).then(function (canvas) {
      canvas.toBlob(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = map.corridorCaption ? map.corridorCaption.filename : "corridors-map.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
        button.disabled = false;
      }, "image/png");
    }).catch(function () {
      button.disabled = false;
      button.textContent = "Could not draw the map";
    });
  }

  // The map as a canvas, measured at once and drawn when the SVG layers have loaded as images. A
  // folded legend (on a phone) is unfolded for the while and drawn below the map, so that the
  // picture always explains its lines without hiding them.
  corridors.snapshot = function (map) {
    var box = map.getContainer(), frame = box.getBoundingClientRect(), scale = window.devicePixelRatio || 1;
    var panes = [].filter.call(map.getPane("mapPane").children, function (pane) {
      return !SKIPPED.test(pane.className);
    }).sort(function (a, b) { return zIndex(a) - zIndex(b); });
    var legend = map.corridorLegendBox, folded = legend && !legend.open;
    if (folded) legend.open = true;
    var band = folded ? legend.getBoundingClientRect() : null;  // the legend, below the map at its left
    var below = band && {left: band.left, top: band.top - frame.height};
    var steps = [].concat.apply([], panes.concat([].slice.call(box.querySelectorAll(".leaflet-control-scale")))
      .map(function (element) { return drawn(element, frame, scale); })
      .concat(legend ? [drawn(legend, below || frame, scale)] : []));
    if (folded) legend.open = false;
    var height = frame.height + (band ? band.height : 0);
    return Promise.all(steps).then(function (draws) {
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(frame.width * scale);
      canvas.height = Math.round(height * scale);
      var ctx = canvas.getContext("2d");
      ctx.scale(scale, scale);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, frame.width, height);
      ctx.fillStyle = getComputedStyle(box).backgroundColor;
      ctx.fillRect(0, 0, frame.width, frame.height);
      draws.forEach(function (draw) { draw(ctx); });
      caption(ctx, map.corridorCaption, frame.width);
      return canvas;
    });
  };

  function zIndex(element) { return parseInt(getComputedStyle(element).zIndex, 10) || 0; }

  // How an element is drawn, measured now, as promises of drawing functions in order: its boxes'
  // backgrounds and borders, its SVG as images, then its text.
  function drawn(element, frame, scale) {
    var boxes = [element].concat([].slice.call(element.querySelectorAll("*"))).filter(function (e) {
      return !(e instanceof SVGElement) && !e.closest(".leaflet-marker-icon, .lbl") && pictured(e);
    }).map(function (e) { return boxPainter(e, frame); });
    var svgs = [].filter.call(element.querySelectorAll("svg"), function (svg) {
      return !svg.parentElement.closest("svg");
    });
    return [Promise.resolve(function (ctx) { boxes.forEach(function (paint) { paint(ctx); }); })]
      .concat(svgs.map(function (svg) { return svgImage(svg, frame, scale); }))
      .concat([Promise.resolve(textPainter(element, frame))]);
  }

  function boxPainter(element, frame) {
    var style = getComputedStyle(element), r = element.getBoundingClientRect();
    var x = r.left - frame.left, y = r.top - frame.top, w = r.width, h = r.height;
    var fills = [];
    if (!/rgba\(.*, 0\)|transparent/.test(style.backgroundColor)) fills.push([style.backgroundColor, x, y, w, h]);
    ["Top", "Bottom", "Left", "Right"].forEach(function (side) {
      var b = parseFloat(style["border" + side + "Width"]);
      if (!b || style["border" + side + "Style"] === "none") return;
      var at = {Top: [x, y, w, b], Bottom: [x, y + h - b, w, b], Left: [x, y, b, h], Right: [x + w - b, y, b, h]};
      fills.push([style["border" + side + "Color"]].concat(at[side]));
    });
    return function (ctx) {
      fills.forEach(function (f) {
        ctx.fillStyle = f[0];
        ctx.fillRect(f[1], f[2], f[3], f[4]);
      });
    };
  }

  // An SVG element as an image, drawn where it shows (at the screen's pixel density).
  function svgImage(svg, frame, scale) {
    var r = svg.getBoundingClientRect();
    if (!r.width || !r.height || !pictured(svg)) {
      return Promise.resolve(function () {});
    }
    var copy = svg.cloneNode(true);
    copy.setAttribute("xmlns", SVG_NS);
    if (!copy.getAttribute("viewBox")) copy.setAttribute("viewBox", "0 0 " + r.width + " " + r.height);
    copy.setAttribute("width", r.width * scale);
    copy.setAttribute("height", r.height * scale);
    copy.style.transform = "";
    var url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(copy));
    return new Promise(function (resolve, reject) {
      var image = new Image();
      image.onload = function () {
        resolve(function (ctx) { ctx.drawImage(image, r.left - frame.left, r.top - frame.top, r.width, r.height); });
      };
      image.onerror = reject;
      image.src = url;
    });
  }

  // Every visible text of an element, line by line where the browser set it, in its font and colour
  // (with a white halo where the page gives it a text shadow: the map's names).
  function textPainter(element, frame) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), range = document.createRange();
    var texts = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var parent = node.parentElement, style = getComputedStyle(parent);
      if (!node.data.trim() || !pictured(parent) || parent.closest("svg")) continue;
      texts.push({
        font: [style.fontStyle, style.fontWeight, style.fontSize, style.fontFamily].join(" "),
        spacing: style.letterSpacing === "normal" ? "0px" : style.letterSpacing,
        color: style.color,
        halo: style.textShadow && style.textShadow !== "none",
        lines: lines(node, range, style.textTransform === "uppercase")
      });
    }
    return function (ctx) {
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      texts.forEach(function (t) {
        ctx.font = t.font;
        ctx.letterSpacing = t.spacing;
        t.lines.forEach(function (line) {
          var x = line.left - frame.left, y = (line.top + line.bottom) / 2 - frame.top;
          if (t.halo) {
            ctx.strokeStyle = "rgba(255,255,255,.9)";
            ctx.lineWidth = 3;
            ctx.strokeText(line.text, x, y);
          }
          ctx.fillStyle = t.color;
          ctx.fillText(line.text, x, y);
        });
      });
    };
  }

  // Whether an element is in the picture: it shows (not hidden, nor folded away in a closed <details>),
  // and is not the legend's hint on how to click (the caption says the lines are schematic).
  function pictured(element) {
    var shows = element.checkVisibility ? element.checkVisibility({visibilityProperty: true})
      : getComputedStyle(element).visibility === "visible" && !element.closest("details:not([open]) > :not(summary)");
    return shows && !element.closest(".caveat");
  }

  // A text node's characters grouped by the line they stand on: [{text, left, top, bottom}].
  function lines(node, range, upper) {
    var found = [], line = null;
    for (var i = 0; i < node.data.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      var r = range.getBoundingClientRect();
      if (!r.width && !r.height) continue;  // a collapsed space
      if (!line || Math.abs(r.top - line.top) > 1) {
        line = {text: "", left: r.left, top: r.top, bottom: r.bottom};
        found.push(line);
      }
      line.text += upper ? node.data[i].toUpperCase() : node.data[i];
    }
    return found;
  }

  // The title, and the view's date and routes, in a box at the top left (where the zoom buttons are).
  function caption(ctx, text, width) {
    if (!text) return;
    ctx.letterSpacing = "0px";
    var rows = [["600 14px sans-serif", text.title]].concat(wrap(ctx, "12px sans-serif", text.line, width - 36)
      .map(function (row) { return ["12px sans-serif", row]; }));
    var wide = Math.max.apply(null, rows.map(function (row) { ctx.font = row[0]; return ctx.measureText(row[1]).width; }));
    ctx.fillStyle = "rgba(255,255,255,.94)";
    ctx.fillRect(10, 10, wide + 16, rows.length * 17 + 10);
    ctx.fillStyle = "#222";
    ctx.textBaseline = "middle";
    rows.forEach(function (row, i) {
      ctx.font = row[0];
      ctx.fillText(row[1], 18, 23 + i * 17);
    });
  }

  function wrap(ctx, font, text, width) {
    ctx.font = font;
    return text.split(" ").reduce(function (rows, word) {
      var last = rows[rows.length - 1];
      if (last && ctx.measureText(last + " " + word).width <= width) rows[rows.length - 1] = last + " " + word;
      else rows.push(word);
      return rows;
    }, []);
  }
})();
