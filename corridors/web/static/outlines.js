/* Country outlines under everything else, fetched from the server after the map shows: they stay
   out of every rerun's map script, and give orientation when tiles cannot load.
   ground = {sea, land, landOpacity, border}: the map's background and the outlines' colours
   (corridors.web.present, where the route lines' contrast against them is checked). */
(function () {
  "use strict";
  var corridors = (window.corridors = window.corridors || {});

  corridors.drawOutlines = function (map, url, ground) {
    map.corridorGround = ground;
    map.getContainer().style.background = ground.sea;
    map.createPane("outlines").style.zIndex = 250;
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      map.corridorOutlines = L.geoJSON(data, {pane: "outlines", interactive: false, style: {className: "outline",
        color: ground.border, weight: 1, fillColor: ground.land, fillOpacity: ground.landOpacity}}).addTo(map);
    });
  };
})();
