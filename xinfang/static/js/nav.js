// The menu scrolls when it does not fit (sideways on a phone, down in a short window): bring
// the current page's link into view, so the user sees where they are without searching.
(function () {
  const nav = document.querySelector(".sidenav");
  const strip = nav && nav.querySelector(".nav-sections");
  const current = strip && strip.querySelector('a[aria-current="page"]');
  if (!current) return;

  function reveal(box) {
    const outer = box.getBoundingClientRect();
    const link = current.getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth && (link.left < outer.left || link.right > outer.right)) {
      box.scrollLeft += link.left - outer.left - (outer.width - link.width) / 2;
    }
    if (box.scrollHeight > box.clientHeight && (link.top < outer.top || link.bottom > outer.bottom)) {
      box.scrollTop += link.top - outer.top - (outer.height - link.height) / 2;
    }
  }
  reveal(strip);
  reveal(nav);
})();
