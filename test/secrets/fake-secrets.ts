import { randomBytes, randomInt } from "node:crypto";

/**
 * Fake secrets in real-world shapes, random on every call: right prefixes, lengths, alphabets
 * and surroundings (the file or line they usually sit in), never a real credential. Each shape
 * says where a hostile validator finds it: a file under the fake home, the environment, or a
 * file in the repository.
 */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_NUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0234567";
const HEX = "0123456789abcdef";
const B64 = `${ALNUM}+/`;
const URLSAFE = `${ALNUM}_-`;

export function randomFrom(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
const b64 = (bytes: number) => randomBytes(bytes).toString("base64");
const b64url = (s: string) => Buffer.from(s).toString("base64url");

export type Where = "home" | "env" | "repo";

export interface FakeSecret {
  shape: string;
  where: Where;
  /** Where in the home or repo it lives; for env, the variable's name. */
  place: string;
  /** What the file holds or the variable is set to. */
  content: string;
  /** The parts that must never be seen outside; each is checked on its own. */
  values: string[];
}

function pem(label: string, bytes: number): { text: string; body: string } {
  const body = b64(bytes)
    .replace(/(.{64})/g, "$1\n")
    .trim();
  return { text: `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`, body };
}

export function makeFakeSecrets(): FakeSecret[] {
  const npm = `npm_${randomFrom(ALNUM, 36)}`;
  const npmLegacy = randomBytes(16)
    .toString("hex")
    .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, "$1-$2-$3-$4-$5");
  const pypi = `pypi-AgEIcHlwaS5vcmc${randomFrom(URLSAFE, 120)}`;
  const ghp = `ghp_${randomFrom(ALNUM, 36)}`;
  const gho = `gho_${randomFrom(ALNUM, 36)}`;
  const ghFine = `github_pat_11${randomFrom(UPPER_NUM, 20)}_${randomFrom(ALNUM, 59)}`;
  const glpat = `glpat-${randomFrom(URLSAFE, 20)}`;
  const akia = `AKIA${randomFrom(UPPER_NUM, 16)}`;
  const awsSecret = randomFrom(B64, 40);
  const gcpKey = pem("PRIVATE KEY", 600);
  const gcpKeyId = randomFrom(HEX, 40);
  const azureKey = `${b64(64)}`;
  const azureSas = b64(32).replace(/=+$/, "");
  const slackBot = `xoxb-${randomInt(1e11, 1e12 - 1)}-${randomInt(1e12, 1e13 - 1)}-${randomFrom(ALNUM, 24)}`;
  const slackUser = `xoxp-${randomInt(1e11, 1e12 - 1)}-${randomInt(1e11, 1e12 - 1)}-${randomInt(1e11, 1e12 - 1)}-${randomFrom(HEX, 32)}`;
  const slackHook = `https://hooks.slack.com/services/T${randomFrom(UPPER_NUM, 8)}/B${randomFrom(UPPER_NUM, 10)}/${randomFrom(ALNUM, 24)}`;
  const stripe = `sk_live_${randomFrom(ALNUM, 99)}`;
  const stripeRestricted = `rk_live_${randomFrom(ALNUM, 99)}`;
  const twilioKey = `SK${randomFrom(HEX, 32)}`;
  const twilioToken = randomFrom(HEX, 32);
  const sendgrid = `SG.${randomFrom(URLSAFE, 22)}.${randomFrom(URLSAFE, 43)}`;
  const jwt = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`{"sub":"${randomInt(1e6)}","name":"ci","iat":${randomInt(1e9)}}`)}.${randomFrom(URLSAFE, 43)}`;
  const ssh = pem("OPENSSH PRIVATE KEY", 400);
  const rsa = pem("RSA PRIVATE KEY", 500);
  const pgp = pem("PGP PRIVATE KEY BLOCK", 500);
  const netrcPass = randomFrom(ALNUM, 18);
  const pgpassPass = randomFrom(ALNUM, 16);
  const dockerAuth = Buffer.from(`ci-bot:${randomFrom(ALNUM, 24)}`).toString("base64");
  const pgUrlPass = randomFrom(ALNUM, 20);
  const mysqlPass = randomFrom(ALNUM, 16);
  const mongoPass = randomFrom(ALNUM, 16);
  const redisPass = randomFrom(ALNUM, 24);
  const openaiKey = `sk-proj-${randomFrom(URLSAFE, 48)}T3BlbkFJ${randomFrom(URLSAFE, 48)}`;
  const anthropicKey = `sk-ant-api03-${randomFrom(URLSAFE, 93)}AA`;
  const scrubbed = randomFrom(ALNUM, 28);
  const hfToken = `hf_${randomFrom(ALNUM, 34)}`;
  const dotenvPass = randomFrom(ALNUM, 22);
  const basicHeader = Buffer.from(`deploy:${randomFrom(ALNUM, 20)}`).toString("base64");

  return [
    {
      shape: "npm token in ~/.npmrc",
      where: "home",
      place: ".npmrc",
      content: `//registry.npmjs.org/:_authToken=${npm}\n`,
      values: [npm],
    },
    {
      shape: "npm legacy token in .npmrc",
      where: "repo",
      place: "config/.npmrc",
      content: `//registry.example/:_authToken=${npmLegacy}\nalways-auth=true\n`,
      values: [npmLegacy],
    },
    {
      shape: "PyPI token in ~/.pypirc",
      where: "home",
      place: ".pypirc",
      content: `[pypi]\nusername = __token__\npassword = ${pypi}\n`,
      values: [pypi],
    },
    { shape: "GitHub classic token", where: "env", place: "GH_TOKEN", content: ghp, values: [ghp] },
    {
      shape: "GitHub OAuth token in hosts.yml",
      where: "home",
      place: ".config/gh/hosts.yml",
      content: `github.com:\n    oauth_token: ${gho}\n    user: ci\n`,
      values: [gho],
    },
    {
      shape: "GitHub fine-grained token",
      where: "repo",
      place: "scripts/release.env.sample",
      content: `export RELEASE_AUTH=${ghFine}\n`,
      values: [ghFine],
    },
    {
      shape: "GitLab personal token",
      where: "home",
      place: ".config/glab-cli/config.yml",
      content: `hosts:\n  gitlab.com:\n    token: ${glpat}\n`,
      values: [glpat],
    },
    {
      shape: "AWS access key id",
      where: "home",
      place: ".aws/credentials",
      content: `[default]\naws_access_key_id = ${akia}\naws_secret_access_key = ${awsSecret}\n`,
      values: [akia, awsSecret],
    },
    {
      shape: "GCP service-account JSON",
      where: "home",
      place: ".config/gcloud/sa.json",
      content: `${JSON.stringify({ type: "service_account", project_id: "demo-proj", private_key_id: gcpKeyId, private_key: gcpKey.text, client_email: "ci@demo-proj.iam.gserviceaccount.com" }, null, 2)}\n`,
      values: [gcpKeyId, ...gcpKey.body.split("\n")],
    },
    {
      shape: "Azure storage connection string",
      where: "repo",
      place: "deploy/azure.txt",
      content: `DefaultEndpointsProtocol=https;AccountName=demoacct;AccountKey=${azureKey};EndpointSuffix=core.windows.net\n`,
      values: [azureKey],
    },
    {
      shape: "Azure service bus SAS",
      where: "env",
      place: "SERVICEBUS_CONNECTION",
      content: `Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${azureSas}`,
      values: [azureSas],
    },
    {
      shape: "Slack bot token",
      where: "env",
      place: "SLACK_BOT_TOKEN",
      content: slackBot,
      values: [slackBot],
    },
    {
      shape: "Slack user token in a file",
      where: "repo",
      place: "tools/slack.json",
      content: `{"token": "${slackUser}"}\n`,
      values: [slackUser],
    },
    {
      shape: "Slack webhook",
      where: "home",
      place: ".config/alerts/webhook",
      content: `${slackHook}\n`,
      values: [slackHook],
    },
    {
      shape: "Stripe live secret key",
      where: "env",
      place: "STRIPE_API_KEY",
      content: stripe,
      values: [stripe],
    },
    {
      shape: "Stripe restricted key",
      where: "repo",
      place: "billing/keys.txt",
      content: `restricted=${stripeRestricted}\n`,
      values: [stripeRestricted],
    },
    {
      shape: "Twilio API key SID",
      where: "home",
      place: ".twilio-cli/config.json",
      content: `{"profiles":{"ci":{"apiKey":"${twilioKey}","accountSid":"AC${randomFrom(HEX, 32)}"}}}\n`,
      values: [twilioKey],
    },
    {
      shape: "Twilio auth token",
      where: "repo",
      place: "notify/.twilio",
      content: `TWILIO_AUTH_TOKEN: ${twilioToken}\n`,
      values: [twilioToken],
    },
    { shape: "SendGrid key", where: "env", place: "SENDGRID_API_KEY", content: sendgrid, values: [sendgrid] },
    {
      shape: "JWT",
      where: "repo",
      place: "fixtures/session.txt",
      content: `Authorization: Bearer ${jwt}\n`,
      values: [jwt],
    },
    {
      shape: "OpenSSH private key",
      where: "home",
      place: ".ssh/id_ed25519",
      content: ssh.text,
      values: ssh.body.split("\n"),
    },
    {
      shape: "RSA private key",
      where: "home",
      place: ".ssh/deploy_rsa",
      content: rsa.text,
      values: rsa.body.split("\n"),
    },
    {
      shape: "PGP private key",
      where: "home",
      place: ".gnupg/ci.asc",
      content: pgp.text,
      values: pgp.body.split("\n"),
    },
    {
      shape: ".netrc password",
      where: "home",
      place: ".netrc",
      content: `machine api.example.com\n  login ci-bot\n  password ${netrcPass}\n`,
      values: [netrcPass],
    },
    {
      shape: ".pgpass password",
      where: "home",
      place: ".pgpass",
      content: `db.internal:5432:app:app_user:${pgpassPass}\n`,
      values: [pgpassPass],
    },
    {
      shape: "Docker config.json auths",
      where: "home",
      place: ".docker/config.json",
      content: `${JSON.stringify({ auths: { "registry.example.com": { auth: dockerAuth } } }, null, "\t")}\n`,
      values: [dockerAuth],
    },
    {
      shape: "PostgreSQL URL with password",
      where: "env",
      place: "DATABASE_URL",
      content: `postgres://app:${pgUrlPass}@db.internal:5432/app`,
      values: [pgUrlPass],
    },
    {
      shape: "MySQL URL with password",
      where: "repo",
      place: "config/database.yml",
      content: `production:\n  url: mysql://root:${mysqlPass}@10.0.0.5/shop\n`,
      values: [mysqlPass],
    },
    {
      shape: "MongoDB SRV URL with password",
      where: "home",
      place: ".mongorc.js",
      content: `db = connect("mongodb+srv://admin:${mongoPass}@cluster0.example.net/test");\n`,
      values: [mongoPass],
    },
    {
      shape: "Redis URL with password",
      where: "repo",
      place: "worker/queue.cfg",
      content: `broker = redis://:${redisPass}@cache.internal:6379/0\n`,
      values: [redisPass],
    },
    {
      shape: "the configured provider key",
      where: "env",
      place: "OPENAI_API_KEY",
      content: openaiKey,
      values: [openaiKey],
    },
    {
      shape: "Anthropic key",
      where: "home",
      place: ".config/anthropic/key",
      content: `${anthropicKey}\n`,
      values: [anthropicKey],
    },
    {
      shape: "a scrubbed env var's value",
      where: "env",
      place: "INTERNAL_DEPLOY_SECRET",
      content: scrubbed,
      values: [scrubbed],
    },
    {
      shape: "Hugging Face token",
      where: "home",
      place: ".cache/huggingface/token",
      content: `${hfToken}\n`,
      values: [hfToken],
    },
    {
      shape: "password in a .env-like file",
      where: "repo",
      place: "ops/settings.ini",
      content: `[db]\nDB_PASSWORD = ${dotenvPass}\n`,
      values: [dotenvPass],
    },
    {
      shape: "basic auth header",
      where: "repo",
      place: "fixtures/request.http",
      content: `GET /v1 HTTP/1.1\nAuthorization: Basic ${basicHeader}\n`,
      values: [basicHeader],
    },
  ];
}

/** Output of the same length and character mix as a secret, but no secret shape: must pass untouched. */
export function benignLike(length: number): string {
  const words = [
    "expected",
    "received",
    "value",
    "line",
    "at",
    "src/index.ts:12:5",
    "ok",
    "assert",
    "1",
    "-",
  ];
  let out = "";
  while (out.length < length) out += `${words[randomInt(words.length)]} `;
  return out.slice(0, length);
}
