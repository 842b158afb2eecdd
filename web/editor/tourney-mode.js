// The tourney language for CodeMirror's StreamLanguage: a small tokenizer that
// colours keywords, fields, strings, timestamps, durations, money and comments.
// It only highlights; the checker behind the lint source is the authority.

const KEYWORDS = new Set([
  "tournament", "template", "from", "title", "operator", "description", "metadata",
  "runs", "timezone", "prewarm", "eligible", "when", "or", "and", "not", "any", "all",
  "is", "present", "missing", "in", "between", "score", "points", "only", "wins",
  "aggregate", "cap", "per", "currency", "leaderboard", "update", "realtime", "every",
  "ties", "size", "prizes", "top", "test", "wager", "expect", "ineligible", "rank",
  "prize", "no",
]);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/;
const DURATION = /^\d+(ms|s|m|h|d|w)\b/;
const NUMBER = /^-?\d+(\.\d+)?/;
const MULTIPLIER = /^x\d+(\.\d+)?\b/;
const CURRENCY = /^[A-Z]{3}\b/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*/;

function readString(stream) {
  let escaped = false;
  let ch;
  while ((ch = stream.next()) != null) {
    if (ch === '"' && !escaped) return;
    escaped = !escaped && ch === "\\";
  }
}

function readBlockComment(stream, state) {
  while (!stream.eol()) {
    if (stream.match("*/")) {
      state.inComment = false;
      return;
    }
    stream.next();
  }
}

function token(stream, state) {
  if (state.inComment) {
    readBlockComment(stream, state);
    return "blockComment";
  }
  if (stream.eatSpace()) return null;
  if (stream.match("//")) {
    stream.skipToEnd();
    return "lineComment";
  }
  if (stream.match("/*")) {
    state.inComment = true;
    readBlockComment(stream, state);
    return "blockComment";
  }
  if (stream.eat('"')) {
    readString(stream);
    return "string";
  }
  if (stream.match(TIMESTAMP)) return "atom";
  if (stream.match(DURATION)) return "unit";
  if (stream.match(NUMBER)) return "number";
  if (stream.match(MULTIPLIER)) return "number";
  if (stream.match(CURRENCY)) return "unit";
  const word = stream.match(IDENT);
  if (word) {
    if (stream.peek() === ".") {
      stream.next();
      stream.match(IDENT);
      return "propertyName";
    }
    if (KEYWORDS.has(word[0])) return "keyword";
    return "variableName";
  }
  if (stream.match(/^(\.\.=|\.\.|<=|>=|!=|=|<|>|\+|-|\*|\/|%)/)) return "operator";
  if (stream.match(/^[{}()]/)) return "bracket";
  stream.next();
  return "punctuation";
}

export const tourneyMode = {
  name: "tourney",
  startState: () => ({ inComment: false }),
  copyState: (state) => ({ inComment: state.inComment }),
  token,
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
};
