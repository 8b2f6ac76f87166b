/* The route layer: lines drawn by mode and status, one invisible hit line per route (its only
   keyboard stop), route and place names, waypoint markers, and the legend's content.

   corridors.drawRoutes(group, map, data) with data = {routes, places, waypoints, legend_html, caption, focus} as
   corridors.web.webmap makes it. Fields ending in _html are HTML from the server's templates;
   every other string is text and is set as text. */
(function () {
  "use strict";
  var corridors = (window.corridors = window.corridors || {});

  corridors.drawRoutes = function (group, map, data) {
    var layer = L.layerGroup().addTo(group);  // its children send no events up to folium's group
    var routes = data.routes.map(function (r) { return drawRoute(map, layer, r); });
    data.places.forEach(function (p) { map.corridorLabel([p.lat, p.lon], p.kind, p.text, layer); });
    data.waypoints.forEach(function (p) { drawWaypoint(layer, p); });
    map.corridorRoutes = routes;
    map.corridorCaption = data.caption;  // of the map saved as a picture (snapshot.js)
    map.corridorLegend(data.legend_html, routes.length);
    if (data.focus) showFocus(map, layer, data.focus);
    group.on("add", function () { map.corridorDeclutter(); });
  };

  // A selection made outside the map (search, list, table): zoom to it once per new number (focus.zoom),
  // and mark the place searched with its name while the search stands.
  function showFocus(map, layer, focus) {
    if (focus.place) {
      var icon = L.divIcon({className: "searched-place", iconSize: [18, 18], iconAnchor: [9, 9]});
      L.marker([focus.place.lat, focus.place.lon], {icon: icon, keyboard: false, interactive: false,
        zIndexOffset: 1000, title: focus.place.name}).addTo(layer)
        .bindTooltip(document.createTextNode(focus.place.name),
          {permanent: true, direction: "right", offset: [10, 0], className: "searched-place-name"});
    }
    if (focus.zoom !== null && focus.zoom !== map.corridorZoomed) {
      map.corridorZoomed = focus.zoom;
      map.fitBounds(focus.bounds, {padding: [40, 40], maxZoom: 7});
    }
  }

  // A line drawn beside its true place where other routes share its legs (options.slots: line widths
  // per leg, see corridors.offsetPoints).
  var OffsetLine = L.Polyline.extend({
    _projectLatlngs: function (latlngs, result, projectedBounds) {
      L.Polyline.prototype._projectLatlngs.call(this, latlngs, result, projectedBounds);
      if (this.options.slots && L.LineUtil.isFlat(latlngs)) {
        result[result.length - 1] = corridors.offsetPoints(result[result.length - 1], this.options.slots,
          this._map.corridorSpacing);
      }
    }
  });

  // A part's main line, with the casing, crossties or halo of its mode under or over it, and the
  // darker edge of a light colour (part.casing: the status's dashes, a pixel wider on each side).
  function drawPart(layer, r, part) {
    var opacity = r.style.opacity * (part.context ? 0.55 : 1);
    var main = L.extend({}, r.style, {opacity: opacity, interactive: false, color: part.color, slots: part.slots,
      className: "corridor-line corridor-line-" + r.id, weight: r.style.weight + (part.strokes.extra || 0)});
    var edge = part.casing && {color: part.casing, extra: 2, dashArray: main.dashArray};
    var lines = [];
    // a machine reading no person confirmed: a white dashed core over the line (r.machine)
    [part.strokes.under, edge, null, part.strokes.over, r.machine].forEach(function (extra, i) {
      var style = i === 2 ? main : L.extend({}, main, {dashArray: extra && extra.dashArray || null,
        color: extra && extra.color || part.color, opacity: opacity * ((extra && extra.opacity) || 1),
        weight: extra && extra.weight || main.weight + ((extra && extra.extra) || 0)});
      if (i === 2 || extra) lines.push(new OffsetLine(part.latlngs, style).addTo(layer));
    });
    return lines;
  }

  function drawRoute(map, layer, r) {
    var lines = [].concat.apply([], r.parts.map(function (part) { return drawPart(layer, r, part); }));
    var latlngs = r.parts.map(function (p) { return p.latlngs; });
    var hit = L.polyline(latlngs, {pane: "corridor-hits", className: r.style.className, color: "#000", opacity: 0,
      weight: 2 * map.corridorTolerance, lineCap: "round", lineJoin: "round"}).addTo(layer);
    hit.bindTooltip(r.tooltip_html, {sticky: true});
    var route = {id: r.id, name: r.name, status: r.status, swatch_html: r.swatch_html, hit: hit, lines: lines,
      latlngs: latlngs, slots: r.parts.map(function (p) { return p.slots; }), layer: layer};
    hit.on("add", function () { keyboardStop(map, route, r.aria); });
    var kind = r.selected ? "route-selected" : "route";
    var anchors = (r.label ? [r.label] : []).concat(alongOwnLine(r.parts));
    map.corridorLabel(anchors[0], kind, r.name, layer, r.ink, function (map, span, free) {
      return corridors.placeRouteName(map, span, free, anchors, r.ink);
    });
    return route;
  }

  // Points where a route's name may sit: along each part of its own (not context) line, from the
  // middle out.
  var FRACTIONS = [0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9, 0.42, 0.58, 0.27, 0.73];
  function alongOwnLine(parts) {
    var own = parts.filter(function (p) { return !p.context && p.latlngs.length > 1; });
    var points = [];
    FRACTIONS.forEach(function (f) {
      own.forEach(function (p) { points.push(interpolate(p.latlngs, f)); });
    });
    return points;
  }

  function interpolate(line, fraction) {
    var legs = line.slice(1).map(function (end, i) { return Math.hypot(end[0] - line[i][0], end[1] - line[i][1]); });
    var left = fraction * legs.reduce(function (a, b) { return a + b; }, 0);
    for (var i = 0; i < legs.length; i++) {
      if (left <= legs[i] && legs[i] > 0) {
        var t = left / legs[i];
        return [line[i][0] + t * (line[i + 1][0] - line[i][0]), line[i][1] + t * (line[i + 1][1] - line[i][1])];
      }
      left -= legs[i];
    }
    return line[line.length - 1];
  }

  // One keyboard stop per route, its hit line: Enter or Space selects the route.
  function keyboardStop(map, route, aria) {
    var hit = route.hit, path = hit.getElement();
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", aria);
    L.DomEvent.on(path, "keydown", function (e) {
      if (e.key !== "Enter" && e.key !== " ") return;
      L.DomEvent.stop(e);
      map.corridorRefocus = route.id;  // the redrawn layer gives the focus back to this route
      map.selectCorridor(route, hit.getCenter());
    });
    if (map.corridorRefocus === route.id) {
      map.corridorRefocus = null;
      path.focus({preventScroll: true});
    }
    L.DomEvent.on(path, "focus", function () { hit.openTooltip(hit.getCenter()); });
    L.DomEvent.on(path, "blur", function () { hit.closeTooltip(); });
  }

  function drawWaypoint(layer, p) {
    var symbol = document.createElement("div");
    symbol.style.color = p.ink;
    symbol.style.fontSize = p.size + "px";
    symbol.textContent = p.symbol;
    var icon = L.divIcon({className: "wp wp-" + p.role, iconSize: [p.size, p.size],
      iconAnchor: [p.size / 2, p.size / 2], html: symbol});
    L.marker([p.lat, p.lon], {icon: icon, keyboard: false}).bindTooltip(document.createTextNode(p.label)).addTo(layer);
  }
})();
