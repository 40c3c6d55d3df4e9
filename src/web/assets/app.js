// Progressive enhancement only: every page works without this file.
document.addEventListener('submit', function (e) {
  var form = e.target;
  var message = form.getAttribute('data-confirm');
  if (message && !window.confirm(message)) { e.preventDefault(); return; }
  // One click, one request: a second click while the first post is on its way does nothing.
  if (form.getAttribute('data-sent') === '1') { e.preventDefault(); return; }
  form.setAttribute('data-sent', '1');
  var buttons = form.querySelectorAll('button[type="submit"]');
  for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-busy', 'true');
});
// Filter forms: a changed select applies at once.
document.addEventListener('change', function (e) {
  var el = e.target;
  if ((el.tagName === 'SELECT' || (el.tagName === 'INPUT' && el.type === 'checkbox')) && el.form && el.form.hasAttribute('data-autosubmit')) el.form.requestSubmit();
});
// Back-navigation restores pages from cache: let their forms post again.
window.addEventListener('pageshow', function () {
  var sent = document.querySelectorAll('form[data-sent]');
  for (var i = 0; i < sent.length; i++) sent[i].removeAttribute('data-sent');
});
// A page that follows a job (a scan being read) reloads itself until the job is done.
(function () {
  var el = document.querySelector('[data-autorefresh]');
  if (el) setTimeout(function () { window.location.reload(); }, Number(el.getAttribute('data-autorefresh')) * 1000);
})();
