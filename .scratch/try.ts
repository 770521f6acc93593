import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { buildStacks } from '../infra/app';
const t = Date.now();
const app = new App({ outdir: '/tmp/nagtry/out' });
buildStacks(app, { stage: 'prod', webDir: '/work/main/web/dist' });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
try { app.synth(); console.log('ok'); } catch (e) { console.log(String((e as Error).message).slice(0, 20000)); }
console.log('ms', Date.now() - t);
