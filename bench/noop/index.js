// The benchmark's no-op baseline: a dynamic resource whose provider does nothing but echo its
// inputs. Its provider is a module of an installed package, so Pulumi stores it in state as
// `require("cloudtasks-bench-noop/provider")`, as it stores pulumi-cloudtasks' resources.
const pulumi = require("@pulumi/pulumi");
const provider = require("./provider");

class Noop extends pulumi.dynamic.Resource {
  constructor(name, props, opts) {
    super(provider, name, props, opts, "cloudtasks", "Noop");
  }
}

module.exports = { Noop };
