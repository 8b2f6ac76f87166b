/* Country outlines under everything else, fetched from the server after the map shows: they stay
   out of every rerun's map script, and give orientation when tiles cannot load. */
(function () {
  "use strict";
  var corridors = (window.corridors = window.corridors || {});

  corridors.drawOutlines = function (map, url) {
    map.createPane("outlines").style.zIndex = 250;
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      L.geoJSON(data, {pane: "outlines", interactive: false, style: {className: "outline",
        color: "#7a7a7a", weight: 1, fillColor: "#f2efe9", fillOpacity: 0.6}}).addTo(map);
    });
  };
})();
