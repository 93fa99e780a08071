import { Command, Option } from 'commander';
import {
  botChat,
  botExport,
  botImport,
  botImportPenha,
  botList,
  botRevert,
  botRevisions,
} from './cli/bots.js';
import { telegramRegisterWebhook, twitterRegisterWebhook } from './cli/channels.js';
import { withDatabase } from './cli/database.js';
import { exitWithError } from './cli/errors.js';
import { importSpokeCommand, importSpokeCsvCommand } from './cli/imports.js';
import { collectParam, reportImport, reportList, reportRun } from './cli/reports.js';
import { userAdd, userList, userSetDisabled, userSetPassword } from './cli/users.js';
import { loadConfig } from './config.js';
import { loadDemo, saveDemoCredentials } from './demo/index.js';
import { createLogger } from './logger.js';
import { start, stopOnSignals } from './serve.js';
import { packageVersion } from './version.js';

/** Wraps an action so any failure prints one line and exits non-zero. */
function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      exitWithError(error);
    }
  };
}

async function runServer(options: { http: boolean; worker: boolean }) {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const running = await start(config, log, options);
  await stopOnSignals(running, log);
}

const program = new Command('parley')
  .description(
    'Parley: chatbots, conversation audit, moderation and reports for helplines and outreach teams.',
  )
  .version(packageVersion)
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    '\nSettings come from the environment (DATABASE_URL, PARLEY_DATA_DIR, PORT, …): see the README.',
  );

program
  .command('serve')
  .description('start the web server and the job worker (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('--no-worker', 'do not run background jobs in this process (run `parley worker` elsewhere)')
  .action(action(async (options: { worker: boolean }) => runServer({ http: true, worker: options.worker })));

program
  .command('worker')
  .description('run background jobs and schedules only')
  .action(action(async () => runServer({ http: false, worker: true })));

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(
    action(async () => {
      await withDatabase(async () => undefined);
      process.stdout.write('database is up to date\n');
    }),
  );

program
  .command('demo')
  .description('load the demo data set (idempotent)')
  .action(
    action(async () => {
      const { outcome, dataDir } = await withDatabase(async (handle, config) => ({
        outcome: await loadDemo(handle),
        dataDir: config.dataDir,
      }));
      process.stdout.write('demo data loaded\n');
      if (outcome.admin) {
        const file = await saveDemoCredentials(dataDir, outcome.admin);
        process.stdout.write(`demo admin: ${outcome.admin.email}\npassword: in ${file}\n`);
      } else {
        process.stdout.write(
          'the demo admin existed already (reset its password with `parley user password`)\n',
        );
      }
    }),
  );

const report = program.command('report').description('saved SQL reports (docs/reports.md)');
report.command('list').description('list the reports, built-in and saved').action(action(reportList));
report
  .command('run <name>')
  .description('run a report read-only and print its result')
  .option('--param <name=value>', 'a parameter (repeat for each)', collectParam)
  .option('--format <format>', 'table, csv or json (csv and json print every row)', 'table')
  .option('--limit <rows>', 'at most this many rows in a table')
  .action(action(reportRun));
report
  .command('import <file>')
  .description('save a .sql report (Data Explorer header); its name is the file name unless --name')
  .option('--name <name>', 'the report name')
  .option('--title <title>', 'the report title')
  .action(action(reportImport));

const user = program.command('user').description('manage staff accounts');
user
  .command('add')
  .description('create a staff account (prints a generated password unless --password-stdin)')
  .requiredOption('--email <email>', 'e-mail address, used to sign in')
  .addOption(
    new Option('--role <role>', 'role').choices(['auditor', 'moderator', 'admin']).makeOptionMandatory(),
  )
  .option('--name <name>', 'display name')
  .option('--language <code>', 'language of the UI and e-mails: en or pt-BR', 'en')
  .option('--password-stdin', 'read the password from standard input')
  .option('--invite', 'e-mail a one-time link (72 h) to set the password instead of printing one')
  .option('--invited-by <name>', 'who the invitation says it is from', 'Parley')
  .action(action(userAdd));
user
  .command('list')
  .description('list staff accounts')
  .option('--json', 'print JSON')
  .action(action(userList));
user
  .command('disable <email>')
  .description('disable an account and end its sessions')
  .action(action(async (email: string) => userSetDisabled(email, true)));
user
  .command('enable <email>')
  .description('enable a disabled account')
  .action(action(async (email: string) => userSetDisabled(email, false)));
user
  .command('password <email>')
  .description('set a new password (generated unless --password-stdin) and end the sessions')
  .option('--password-stdin', 'read the password from standard input')
  .action(action(userSetPassword));

const bot = program
  .command('bot')
  .description('manage chatbots: imports, exports, revisions and a simulator');
bot.command('list').description('list bots').option('--json', 'print JSON').action(action(botList));
bot
  .command('import-penha')
  .description('import a PenhaS bot (config JSON and quiz_config CSV or JSON) as a new revision')
  .requiredOption('--bot <name>', 'bot name (created on first import)')
  .requiredOption('--config <file>', 'the bot config JSON (twitter_bot_config.config)')
  .requiredOption('--quiz <file>', 'the quiz_config rows: .csv with a header row, or .json')
  .option('--questionnaire <id>', 'questionnaire id for rows without a questionnaire_id column')
  .action(action(botImportPenha));
bot
  .command('import <file>')
  .description("import a bot bundle in Parley's format as a new revision (see docs/bot-bundle.schema.json)")
  .option('--bot <name>', "bot name (default: the bundle's name)")
  .action(action(botImport));
bot
  .command('export <bot>')
  .description('print a bot as a bundle (JSON) on standard output')
  .option('--revision <n>', 'a revision other than the current one')
  .action(action(botExport));
bot.command('revisions <bot>').description("list a bot's revisions").action(action(botRevisions));
bot
  .command('revert <bot> <revision>')
  .description('make a new revision that copies an old one')
  .action(action(botRevert));
bot
  .command('chat <bot>')
  .description('chat with a bot in the terminal on the simulator (nothing is stored)')
  .option(
    '--jsonl',
    'scriptable: JSON lines in ({"text"}, {"choose"}, {"wait_seconds"}), one JSON line per bot message out',
  )
  .option('--revision <n>', 'a revision other than the current one')
  .option('--ceps <file>', 'CEP lookup table ({"results": {"01310100": {…}}}) instead of the sample one')
  .action(action(botChat));

const channelCommand = program
  .command('channel')
  .description(
    "connect a bot's channels to messaging services (the channel ids are on the bot's Channels page)",
  );
channelCommand
  .command('telegram')
  .description('Telegram channels')
  .command('register-webhook <channel-id>')
  .description("tell Telegram (setWebhook) to send the bot's updates to this channel under PUBLIC_URL")
  .action(action(telegramRegisterWebhook));
channelCommand
  .command('twitter')
  .description('Twitter/X direct message channels (Account Activity API)')
  .command('register-webhook <channel-id>')
  .description("register this channel's webhook under PUBLIC_URL and subscribe the bot's account to it")
  .action(action(twitterRegisterWebhook));

const importCommand = program
  .command('import')
  .description('import conversations (see docs/audit.md#spoke-imports)');
importCommand
  .command('spoke')
  .description('import from a Spoke database, read-only; again later to bring only what is new or changed')
  .option('--from <url>', 'the Spoke database, postgres://user:pass@host:5432/spoke (visible in `ps`)')
  .option(
    '--from-env <name>',
    'read the Spoke database URL from this environment variable instead (keeps the password out of `ps`)',
  )
  .option('--source <name>', 'name of this Spoke instance in Parley', 'spoke')
  .option('--campaign <id...>', 'only these campaigns')
  .option('--since <date>', 'only campaigns created on or after this date (YYYY-MM-DD)')
  .option('--country <code>', 'country of phone numbers written without a country code', 'US')
  .option('--full', 'read everything again instead of only what changed since the last import')
  .addHelpText(
    'after',
    [
      '',
      'Give the Spoke database with --from or --from-env. A password in --from can be read by every',
      "user of the machine in the process list (`ps`) and stays in the shell's history; --from-env",
      'names an environment variable holding the URL instead, which only you and root can read:',
      '',
      '  export SPOKE_URL="$(cat /run/secrets/spoke-url)"',
      '  parley import spoke --from-env SPOKE_URL',
      '',
      'Special characters in the user name or password must be percent-encoded (/ as %2F, @ as %40).',
    ].join('\n'),
  )
  .action(action(importSpokeCommand));
importCommand
  .command('spoke-csv <files...>')
  .description(
    'import Spoke CSV exports (convo files, or Export Data contacts + -messages pairs); all or nothing',
  )
  .option('--source <name>', 'name of the Spoke instance the files come from', 'spoke')
  .option('--country <code>', 'country of phone numbers written without a country code', 'US')
  .action(action(importSpokeCsvCommand));

await program.parseAsync(process.argv);
