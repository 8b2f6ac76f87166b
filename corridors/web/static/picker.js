/* What never changes with the filters: panes, label and zoom rules, the picker (click, chooser,
   keyboard), the legend's frame, country names, and a title for the map's frame.

   corridors.setUpMap(map, {fit, zooms, liveZoom, countries}) gives the map:
   map.corridorLabel, map.corridorDeclutter, map.corridorsAt, map.corridorChoice, map.selectCorridor,
   map.corridorLegend,
   which the route layer (routes.js) uses. Text from the data is set as text, never as HTML. */
(function () {
  "use strict";
  var corridors = (window.corridors = window.corridors || {});
  // Labels that would overlap a more important one move (route names) or are hidden, at every zoom.
  var ORDER = ["route-selected", "place-1", "place-2", "place-3", "country", "route"];

  corridors.setUpMap = function (map, options) {
    map.createPane("corridor-hits").style.zIndex = 440;
    map.createPane("labels").style.zIndex = 450;
    map.getPane("labels").classList.add("leaflet-labels-pane");
    var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
    map.corridorTolerance = coarse ? 16 : 10;
    map.corridorTie = 1;
    map.corridorSpacing = coarse ? 8 : 6;  // pixels between the lines of routes that share a leg
    if (coarse) twoFingers(map);
    labelZooms(map, options.zooms, options.liveZoom);
    var refit = fitter(map, options.fit);
    map.corridorDeclutter = function () { declutter(map); };
    map.on("zoomend", map.corridorDeclutter);
    // place (optional): how the label finds room, see declutter
    map.corridorLabel = function (latlng, kind, text, layer, color, place) {
      var span = document.createElement("span");
      span.textContent = text;
      if (color) span.style.color = color;
      return L.marker(latlng, {pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "lbl lbl-" + kind, html: span, iconSize: null, iconAnchor: [0, 0]})})
        .on("add", function (e) {
          e.target.getElement().dataset.kind = kind;
          e.target.getElement().corridorPlace = place;
        })
        .addTo(layer);
    };
    map.corridorLeaders = L.layerGroup().addTo(map);
    var countries = L.layerGroup().addTo(map);
    options.countries.forEach(function (c) { map.corridorLabel([c.lat, c.lon], "country", c.text, countries); });
    picker(map);
    legend(map, refit);
    // map.css is a <link> the frame adds after the scripts: measure again once it applies
    [].forEach.call(document.querySelectorAll('link[rel="stylesheet"]'), function (link) {
      if (!link.sheet) link.addEventListener("load", function () {
        map.invalidateSize({pan: false});  // the map's height comes from map.css: Leaflet measured it before
        refit();
        map.corridorDeclutter();
      });
    });
  };

  // On a touch screen one finger scrolls the page (the map lets the browser have it: Leaflet's
  // touch-action then is pan-x pan-y) and two move and zoom the map (Leaflet's pinch handler pans
  // too); a one-finger swipe over the map says so.
  function twoFingers(map) {
    map.dragging.disable();
    var box = map.getContainer(), hint = L.DomUtil.create("div", "two-fingers", box), hiding;
    hint.textContent = "Use two fingers to move the map";
    hint.setAttribute("aria-hidden", "true");
    box.addEventListener("touchmove", function (e) {
      if (e.touches.length !== 1) return;
      hint.classList.add("shown");
      clearTimeout(hiding);
      hiding = setTimeout(function () { hint.classList.remove("shown"); }, 1200);
    }, {passive: true});
  }

  // Each kind of label shows from its zoom; waypoint markers take the pointer from liveZoom.
  function labelZooms(map, zooms, liveZoom) {
    var rules = document.createElement("style");
    rules.textContent = Object.keys(zooms).map(function (kind) {
      return ".hide-" + kind + " .lbl-" + kind + " { display: none; }"; }).join("\n");
    document.head.appendChild(rules);
    function zoomed() {
      var z = map.getZoom(), box = map.getContainer();
      Object.keys(zooms).forEach(function (kind) { box.classList.toggle("hide-" + kind, z < zooms[kind]); });
      box.classList.toggle("wp-live", z >= liveZoom);
    }
    map.on("zoomend", zoomed);
    map.whenReady(zoomed);
  }

  // Fitted to the routes, again whenever the frame changes size, until the user moves the map.
  function fitter(map, fit) {
    var fitting = false, moved = false;
    function refit() {
      if (!fit || moved) return;
      fitting = true;
      var box = map.corridorLegendBox;  // the routes sit above the legend when there is room
      var below = box && box.open ? box.offsetHeight : 0;
      map.fitBounds(fit, {paddingTopLeft: [12, 12], paddingBottomRight: [40, 12 + below], animate: false});
      fitting = false;
    }
    map.on("movestart", function () { if (!fitting) moved = true; });
    map.on("resize", refit);
    return refit;
  }

  // Labels in ORDER of importance; each takes the first place where it overlaps no label already
  // shown nor the map's controls. A route's name, kept inside the map, is tried along its own line,
  // then beside it with a leader line; only where there is truly no room is it hidden (its line's
  // tooltip still names it on hover and focus).
  function declutter(map) {
    var labels = [].slice.call(map.getPane("labels").querySelectorAll(".lbl"));
    labels.sort(function (a, b) { return ORDER.indexOf(a.dataset.kind) - ORDER.indexOf(b.dataset.kind); });
    var taken = [].map.call(map.getContainer().querySelectorAll(".leaflet-control"), function (c) {
      return c.getBoundingClientRect(); });
    function free(box) {
      return !taken.some(function (t) {
          return box.left < t.right && box.right > t.left && box.top < t.bottom && box.bottom > t.top;
        });
    }
    map.corridorLeaders.clearLayers();
    labels.forEach(function (label) {
      var span = label.firstChild;
      span.style.visibility = "";
      span.style.marginTop = "";
      span.style.marginLeft = "";
      if (!span.getBoundingClientRect().width) return;  // hidden at this zoom
      var box = label.corridorPlace ? label.corridorPlace(map, span, free) : shifted(label, span, free);
      if (box) taken.push(box);
      else { span.style.marginTop = ""; span.style.marginLeft = ""; span.style.visibility = "hidden"; }
    });
  }

  // A country's name may move a little to make room for a city's or a route's; other places stay put.
  var COUNTRY_SHIFTS = [[0, 0], [0, -14], [0, 14], [0, -28], [0, 28], [-40, 0], [40, 0], [-40, -14], [40, 14]];
  function shifted(label, span, free) {
    var shifts = label.dataset.kind === "country" ? COUNTRY_SHIFTS : [[0, 0]];
    for (var i = 0; i < shifts.length; i++) {
      span.style.marginLeft = shifts[i][0] + "px";
      span.style.marginTop = shifts[i][1] + "px";
      var box = span.getBoundingClientRect();
      if (free(box)) return box;
    }
    return null;
  }

  // Where a route's name may go, best first: centred on points along its own line (the server's
  // choice first), then beside one of them, nearer before farther, joined to it by a leader line.
  var AROUND = [[0, -1], [0, 1], [1, 0], [-1, 0], [1, -1], [-1, -1], [1, 1], [-1, 1]];
  var GAPS = [8, 24, 48, 80, 120, 160, 200];
  corridors.placeRouteName = function (map, span, free, anchors, color) {
    var frame = map.getContainer().getBoundingClientRect(), at = span.getBoundingClientRect();
    var w = at.width, h = at.height, origin = map.latLngToContainerPoint(anchors[0]);
    var points = anchors.map(function (a) { return map.latLngToContainerPoint(a); });
    function box(cx, cy) {  // null where the name would not be inside the map (by a pixel: margins round)
      var left = frame.left + cx - w / 2, top = frame.top + cy - h / 2;
      var b = {left: left, top: top, right: left + w, bottom: top + h};
      var inside = left >= frame.left + 1 && b.right <= frame.right - 1 && top >= frame.top + 1
        && b.bottom <= frame.bottom - 1;
      return inside && free(b) ? b : null;
    }
    function put(p, dx, dy, b) {  // the span is centred on the label's point (map.css): move it
      span.style.marginLeft = (p.x + dx - origin.x) + "px";
      span.style.marginTop = (p.y + dy - origin.y) + "px";
      return b;
    }
    for (var i = 0; i < points.length; i++) {
      var b = box(points[i].x, points[i].y);
      if (b) return put(points[i], 0, 0, b);
    }
    for (var g = 0; g < GAPS.length; g++) {
      for (var j = 0; j < points.length; j++) {
        for (var k = 0; k < AROUND.length; k++) {
          var d = AROUND[k], p = points[j];
          var dx = d[0] * (GAPS[g] + w / 2), dy = d[1] * (GAPS[g] + h / 2);
          var c = box(p.x + dx, p.y + dy);
          if (!c) continue;
          var end = L.point(p.x + d[0] * GAPS[g], p.y + d[1] * GAPS[g]);
          L.polyline([anchors[j], map.containerPointToLatLng(end)], {interactive: false, color: color || "#222",
            weight: 1.5, opacity: 1, className: "leader"}).addTo(map.corridorLeaders);
          return put(p, dx, dy, c);
        }
      }
    }
    return null;
  };

  // Layer points of a line moved sideways by slots[i] * spacing pixels along each leg i (to the
  // left of its direction; a vertex between two legs moves by the mean of both).
  corridors.offsetPoints = function (points, slots, spacing) {
    var moves = slots.map(function (slot, i) {
      var d = points[i + 1].subtract(points[i]), length = Math.hypot(d.x, d.y) || 1;
      return L.point(-d.y / length, d.x / length).multiplyBy(slot * spacing);
    });
    return points.map(function (p, i) {
      var before = moves[i - 1] || moves[i], after = moves[i] || moves[i - 1];
      return before ? p.add(before.add(after).divideBy(2)) : p;
    });
  };

  // A route's lines in layer points, where the map draws them.
  corridors.drawnPoints = function (map, route) {
    return route.latlngs.map(function (line, i) {
      var points = line.map(function (ll) { return map.latLngToLayerPoint(ll); });
      return route.slots[i] ? corridors.offsetPoints(points, route.slots[i], map.corridorSpacing) : points;
    });
  };

  function distance(map, point, route) {
    var best = Infinity;
    corridors.drawnPoints(map, route).forEach(function (line) {
      if (line.length === 1) best = Math.min(best, point.distanceTo(line[0]));
      for (var i = 1; i < line.length; i++) {
        best = Math.min(best, L.LineUtil.pointToSegmentDistance(point, line[i - 1], line[i]));
      }
    });
    return best;
  }

  // A click opens the nearest route within a few pixels; only where other lines pass as near (within
  // map.corridorTie pixels of it: lines that run together) are they listed in a chooser.
  function picker(map) {
    function near(latlng) {
      var point = map.latLngToLayerPoint(latlng);
      return (map.corridorRoutes || []).map(function (r) { return {route: r, d: distance(map, point, r)}; })
        .filter(function (c) { return c.d <= map.corridorTolerance; })
        .sort(function (a, b) { return a.d - b.d; });
    }
    map.corridorsAt = function (latlng) { return near(latlng).map(function (c) { return c.route; }); };
    map.corridorChoice = function (latlng) {
      var found = near(latlng);
      return found.filter(function (c) { return c.d - found[0].d <= map.corridorTie; })
        .map(function (c) { return c.route; });
    };
    var picks = 0;
    map.selectCorridor = function (route, latlng) {
      map.closePopup();
      var pick = Date.now() + "-" + (++picks);  // a new value each time, so a second pick counts too
      var feature = {type: "Feature", geometry: null, properties: {id: route.id, pick: pick}};
      // streamlit-folium listens to clicks on every layer and returns e.layer.toGeoJSON()
      route.layer.fire("click", {latlng: latlng, layer: {toGeoJSON: function () { return feature; }}});
    };
    map.on("click", function (e) {
      var found = map.corridorChoice(e.latlng);
      if (found.length === 1) map.selectCorridor(found[0], e.latlng);
      else if (found.length > 1) chooser(map, found, e.latlng);
    });
  }

  function chooser(map, found, latlng) {
    var box = L.DomUtil.create("div", "corridor-chooser");
    L.DomUtil.create("b", "", box).textContent = found.length + " routes here";
    found.forEach(function (route) {
      var button = L.DomUtil.create("button", "pick", box);
      button.type = "button";
      button.setAttribute("data-route", route.id);
      button.innerHTML = route.swatch_html;  // an SVG line made (and escaped) by the server's template
      button.appendChild(document.createTextNode(" " + route.name + " "));
      L.DomUtil.create("small", "", button).textContent = "(" + route.status + ")";
      L.DomEvent.on(button, "click", function (e) { L.DomEvent.stop(e); map.selectCorridor(route, latlng); });
    });
    var popup = L.popup({maxWidth: 300, className: "corridor-chooser-popup", autoPan: false});  // map stays put
    popup.setLatLng(latlng).setContent(box).openOn(map);
    // kept inside the map: below the point when there is no room above, shifted off the sides
    var shown = popup.getElement().getBoundingClientRect(), frame = map.getContainer().getBoundingClientRect();
    var dx = Math.max(0, frame.left + 4 - shown.left) - Math.max(0, shown.right - frame.right + 4);
    var below = shown.top < frame.top + 4;
    if (dx || below) {
      popup.options.offset = L.point(dx, below ? shown.height + 30 : 7);
      popup.update();
      popup.getElement().classList.toggle("chooser-below", below);
    }
    box.querySelector("button").focus({preventScroll: true});
  }

  // The legend's frame; its content (legend_html, made by the server's template) comes with the routes.
  function legend(map, refit) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var box = L.DomUtil.create("details", "corridors-legend");
      box.id = "corridors-legend";
      box.open = map.getSize().x >= 480;  // on a phone the legend starts folded
      L.DomUtil.create("summary", "", box).textContent = "Legend";
      L.DomUtil.create("div", "legend-body", box);
      L.DomEvent.on(box, "toggle", refit);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
    map.corridorLegendBox = control.getContainer();
    refit();
    map.corridorLegend = function (html, count) {
      var body = control.getContainer().querySelector(".legend-body"), first = !body.innerHTML;
      body.innerHTML = html;
      if (first) refit();
      var title = "Map of " + count + " transport corridor" + (count === 1 ? "" : "s") +
        " between Pakistan and Kazakhstan: Tab to a route and press Enter to open its card";
      document.title = title;
      try { if (window.frameElement) window.frameElement.title = title; } catch (e) {}
    };
  }
})();
