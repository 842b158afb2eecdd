// Embeds a tourney player page: put this tag where the leaderboard should appear.
// <script src="https://board.example/play/embed.js" data-operator="operator-1"
//         data-tournament="weekend" data-token="PLAYER_TOKEN" async></script>
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src, document.baseURI).origin;
  var operator = script.getAttribute("data-operator") || "";
  var tournament = script.getAttribute("data-tournament") || "";
  var token = script.getAttribute("data-token") || "";
  var frame = document.createElement("iframe");
  frame.src = base + "/play/" + encodeURIComponent(operator) + "/" +
    encodeURIComponent(tournament) + (token ? "#token=" + encodeURIComponent(token) : "");
  frame.title = script.getAttribute("data-title") || "Live leaderboard";
  frame.referrerPolicy = "no-referrer";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = script.getAttribute("data-height") || "640px";
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
