// An exercise's answer box (gatesgrad.explorers.answer_check): the reader types a number or
// a short expression, or picks a choice, and the box says at once whether it holds. The
// answer arrives encoded (XOR with the check's key, then base64): out of plain view, not
// secret. What is typed is read by a small parser of its own, never by eval.

function revealSecret(secret, key) {
  const bytes = Uint8Array.from(atob(secret), (c) => c.charCodeAt(0));
  const mask = new TextEncoder().encode(key);
  return JSON.parse(new TextDecoder().decode(bytes.map((b, k) => b ^ mask[k % mask.length])));
}

// The functions and constants an answer may use (log and ln are both the natural log).
const CHECK_FUNCTIONS = {
  exp: Math.exp, ln: Math.log, log: Math.log, log10: Math.log10, log2: Math.log2,
  sqrt: Math.sqrt, abs: Math.abs, tanh: Math.tanh, sigma: (x) => 1 / (1 + Math.exp(-x)),
};
const CHECK_CONSTANTS = { e: Math.E, pi: Math.PI };

// What a reader may type, in the parser's spelling: − for -, × and · for *, ÷ for /, ** for ^,
// σ for sigma, π for pi, √ for sqrt, a space between digit groups dropped.
function normalise(text) {
  return text.trim()
    .replace(/[\u2212\u2012\u2013]/g, "-").replace(/[×·⋅]/g, "*").replace(/÷/g, "/")
    .replace(/\*\*/g, "^").replace(/σ/g, "sigma").replace(/π/g, "pi").replace(/√/g, "sqrt")
    .replace(/(\d)[\s\u00a0\u202f](?=\d{3}\b)/g, "$1");
}

// A number read from `text`: {value} or {error} (a sentence for the reader). The grammar:
//   sum := product (("+" | "-") product)*     product := unary (("*" | "/") unary)*
//   unary := ("+" | "-") unary | power         power := atom ("^" unary)?   (right-associative)
//   atom := number | constant | function "(" sum ")" | "(" sum ")"          number := 2.5e-3
function readNumber(text) {
  const source = normalise(text);
  if (source === "") return { error: "Type a number, or an expression such as 0.9^50." };
  const tokens = source.match(/\d+\.?\d*(?:e[+-]?\d+)?|\.\d+(?:e[+-]?\d+)?|[a-z][a-z0-9]*|\S/gi);
  let at = 0;
  const peek = () => tokens[at];
  const fail = (why) => { throw new Error(why); };
  const expect = (token) => { if (tokens[at] !== token) fail(`expected “${token}” ${where()}`); at += 1; };
  const where = () => (at < tokens.length ? `before “${tokens.slice(at).join("")}”` : "at the end");
  function sum() {
    let value = product();
    while (peek() === "+" || peek() === "-") value = tokens[at++] === "+" ? value + product() : value - product();
    return value;
  }
  function product() {
    let value = unary();
    while (peek() === "*" || peek() === "/") value = tokens[at++] === "*" ? value * unary() : value / unary();
    return value;
  }
  function unary() {
    if (peek() === "-") { at += 1; return -unary(); }
    if (peek() === "+") { at += 1; return unary(); }
    return power();
  }
  function power() {
    const base = atom();
    if (peek() !== "^") return base;
    at += 1;
    return Math.pow(base, unary());
  }
  function atom() {
    const token = tokens[at];
    if (token === undefined) fail("it ends too soon");
    at += 1;
    if (/^[\d.]/.test(token)) return Number(token);
    if (token === "(") { const value = sum(); expect(")"); return value; }
    const name = token.toLowerCase();
    if (name in CHECK_CONSTANTS) return CHECK_CONSTANTS[name];
    if (name in CHECK_FUNCTIONS) { expect("("); const value = sum(); expect(")"); return CHECK_FUNCTIONS[name](value); }
    at -= 1;
    return fail(/^[a-z]/i.test(token) ? `“${token}” is not a function or constant it knows` : `unexpected “${token}” ${where()}`);
  }
  try {
    const value = sum();
    if (at < tokens.length) fail(`unexpected “${tokens[at]}”`);
    if (!Number.isFinite(value)) return { error: `“${text.trim()}” is ${Number.isNaN(value) ? "undefined (NaN)" : "infinite"}: type a finite number.` };
    return { value };
  } catch (error) {
    return {
      error: `Could not read “${text.trim()}”: ${error.message}. Type a number (0.25, 3e-5) ` +
        "or an expression of + − × / ^ ( ), exp, ln, sqrt, tanh, σ, e and pi.",
    };
  }
}

// A value as the reader should see it: six significant digits, a typographic minus.
function checkShown(value) {
  return minus(String(Number(value.toPrecision(6))));
}

function render({ model, el }) {
  const data = model.get("data");
  const secret = revealSecret(data.secret, data.key);
  const feedback = h("p", { class: "gg-check-feedback", role: "status", "aria-live": "polite" });
  const say = (verdict, message, typed) => {
    el.dataset.verdict = verdict;
    feedback.textContent = message;
    model.set("response", { text: typed, verdict });
    model.save_changes();
  };

  function judgeNumber(typed) {
    const read = readNumber(typed);
    if (read.error) return say("unread", read.error, typed);
    const near = (x, target) => Math.abs(x - target) <= Math.max(data.abs, data.rel * Math.abs(target));
    const shown = checkShown(read.value);
    const echo = normalise(typed) === String(read.value) ? shown : `${shown} (from “${typed.trim()}”)`;
    if (near(read.value, secret.answer)) return say("right", `✓ Right: ${echo} is ${data.tolerance}.`, typed);
    const slip = secret.wrong.find(([value]) => near(read.value, value));
    if (slip) return say("slip", `✗ Not quite: ${echo}. ${slip[1]}`, typed);
    return say("wrong", `✗ Not yet: ${echo} is not ${data.tolerance}. Check your working, or open the solution below.`, typed);
  }

  function judgeChoice(index) {
    const typed = data.choices[index];
    if (index === secret.answer) return say("right", `✓ Right: ${typed}.`, typed);
    const why = secret.feedback[String(index)];
    return say(why ? "slip" : "wrong", why ? `✗ Not quite. ${why}` : "✗ Not this one. Check your working, or open the solution below.", typed);
  }

  let answer;
  if (data.kind === "choice") {
    const name = `gg-check-${data.key}-${Math.random().toString(36).slice(2)}`;
    answer = h("fieldset", { class: "gg-check-choices" }, [
      h("legend", { text: data.label }),
      ...data.choices.map((choice, i) => {
        const input = h("input", { type: "radio", name, value: i });
        input.addEventListener("change", () => { if (input.checked) judgeChoice(i); });
        return h("label", { class: "gg-radio" }, [input, ` ${choice}`]);
      }),
    ]);
  } else {
    const input = h("input", { type: "text", class: "gg-check-input", autocomplete: "off", spellcheck: "false", autocapitalize: "off", enterkeyhint: "done" });
    const button = h("button", { type: "submit", class: "gg-check-button", text: "Check" });
    answer = h("form", { class: "gg-check-form" }, [
      h("label", { class: "gg-check-label" }, [h("span", { text: data.label }), input]),
      button,
    ]);
    answer.addEventListener("submit", (event) => { event.preventDefault(); judgeNumber(input.value); });
    // Enter checks, here rather than by the form's implicit submission: JupyterLab keeps that
    // from happening inside an output, and its notebook must not see the key either.
    input.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      event.preventDefault();
      event.stopPropagation();
      judgeNumber(input.value);
    });
    input.addEventListener("input", () => { if (el.dataset.verdict) { delete el.dataset.verdict; feedback.textContent = ""; } });
  }
  el.classList.add("gg-check-root");
  el.ggCheck = { readNumber };  // for the tests: the parser, as the box uses it
  const how = data.kind === "number"
    ? [h("p", { class: "gg-check-how", text: `Accepted ${data.tolerance}. Expressions work too: 0.9^50, exp(-2), sigma(1).` })]
    : [];
  el.replaceChildren(h("div", { class: "gg-title", text: model.get("title") }), answer, ...how, feedback);
}
