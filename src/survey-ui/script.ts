// The optional script of the respondent pages (served from our origin, cached). It only
// improves what already works without it: it records a score chosen in the email (marked
// email_link; the visible button records it as interactive without JavaScript), moves focus
// to the error summary, and ignores a second press of a submit button.
export const SURVEY_SCRIPT = `(function(){
var sent=false,timer;
addEventListener('pageshow',function(){sent=false});
document.addEventListener('submit',function(e){if(sent){e.preventDefault()}sent=true;clearTimeout(timer)});
var errors=document.getElementById('errors');if(errors)errors.focus();
var form=document.querySelector('form[data-email-score]');if(!form||!window.fetch)return;
var post=function(source){var body=new URLSearchParams(new FormData(form));body.set('_src',source);return fetch(form.action,{method:'POST',body:body,credentials:'same-origin'})};
post('email_link').then(function(){if(form.getAttribute('data-email-score')==='confirm')timer=setTimeout(function(){post('email_link_confirm')},11000)});
})();
`;
