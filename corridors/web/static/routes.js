/* The route layer: lines drawn by mode and status, one invisible hit line per route (its only
   keyboard stop), route and place names, waypoint markers, and the legend's content.

   corridors.drawRoutes(group, map, data) with data = {routes, places, waypoints, legend_html} as
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
    map.corridorLegend(data.legend_html, routes.length);
    group.on("add", function () { map.corridorDeclutter(); });
  };

  // A part's main line, with the casing, crossties or halo of its mode under or over it.
  function drawPart(layer, r, part) {
    var opacity = r.style.opacity * (part.context ? 0.55 : 1);
    var main = L.extend({}, r.style, {opacity: opacity, interactive: false, color: part.color,
      className: "corridor-line corridor-line-" + r.id, weight: r.style.weight + (part.strokes.extra || 0)});
    var lines = [];
    [part.strokes.under, null, part.strokes.over].forEach(function (extra, i) {
      var style = i === 1 ? main : L.extend({}, main, {dashArray: extra && extra.dashArray || null,
        color: extra && extra.color || part.color, opacity: opacity * ((extra && extra.opacity) || 1),
        weight: extra && extra.weight || main.weight + ((extra && extra.extra) || 0)});
      if (i === 1 || extra) lines.push(L.polyline(part.latlngs, style).addTo(layer));
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
      latlngs: latlngs, layer: layer};
    hit.on("add", function () { keyboardStop(map, route, r.aria); });
    var kind = r.selected ? "route-selected" : "route";
    if (r.label) map.corridorLabel(r.label, kind, r.name, layer, r.ink);
    return route;
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
