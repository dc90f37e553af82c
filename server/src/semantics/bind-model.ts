// Binds model declarations: architecture fields, attention and MoE blocks, and the parameter-count check.
import { Declaration, Field, spanOf } from '../syntax/ast';
import { ArgReader } from './args';
import { declPlace, readSource } from './bind-hardware';
import { diagnostic } from './diagnostics';
import { parameterCounts } from './params';
import { BindContext, fieldsOf, requireFields, siteOf } from './scope';
import { formatCount } from './units';
import { AttentionKind, AttentionSpec, ModelSpec, MoeSpec } from './types';

function countField(ctx: BindContext, byName: Map<string, Field>, name: string, allowZero = false): number | undefined {
  const f = byName.get(name);
  if (!f) return undefined;
  const r = new ArgReader(f, ctx.diagnostics);
  const v = r.count(name, { allowZero });
  r.finish();
  return v?.value;
}

export function bindModel(ctx: BindContext, decl: Declaration, text: string): ModelSpec | undefined {
  const { byName } = fieldsOf(ctx, 'model', decl.block?.fields ?? []);
  const complete = requireFields(ctx, 'model', byName, declPlace(decl), text, {
    layers: '32',
    hidden: '4096',
    vocab: '128256',
    attention: 'gqa { heads 32  kv_heads 8  head_dim 128 }',
  });
  const layers = countField(ctx, byName, 'layers');
  const hidden = countField(ctx, byName, 'hidden');
  const vocab = countField(ctx, byName, 'vocab');
  const attention = bindAttention(ctx, byName.get('attention'), hidden);
  const ffn = countField(ctx, byName, 'ffn');
  const moe = bindMoe(ctx, byName.get('moe'), text);
  const params = byName.get('params');
  let declaredParams: number | undefined;
  if (params) {
    const r = new ArgReader(params, ctx.diagnostics);
    declaredParams = r.count('params', { integer: false })?.value;
    r.finish();
  }
  const tied = byName.get('tied_embeddings');
  if (tied) new ArgReader(tied, ctx.diagnostics).finish();
  const mtpLayers = countField(ctx, byName, 'mtp_layers', true) ?? 0;
  if (!complete || !layers || !hidden || !vocab || !attention) return undefined;
  if (!moe && !ffn) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO203',
        'error',
        "a dense model needs 'ffn' (its FFN size), or a 'moe' block",
        declPlace(decl).nameSpan,
      ),
    );
    return undefined;
  }
  const spec: ModelSpec = {
    name: decl.name!.text,
    layers,
    hidden,
    vocab,
    attention,
    ffn,
    moe,
    declaredParams,
    tiedEmbeddings: !!tied,
    mtpLayers,
    source: readSource(ctx, byName.get('source')),
    site: siteOf(ctx.uri, decl),
  };
  if (moe && moe.denseLayers > 0 && !moe.denseFfn && !ffn) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO203',
        'error',
        "MoE dense layers need 'dense_ffn' in the moe block (or 'ffn')",
        byName.get('moe')!.nameSpan,
      ),
    );
    return undefined;
  }
  if (declaredParams && params) {
    const computed = parameterCounts(spec).total;
    const off = Math.abs(computed - declaredParams) / declaredParams;
    if (off > 0.1) {
      const written = formatCount(computed).replace(/,/g, '');
      ctx.diagnostics.push(
        diagnostic(
          'TOPO304',
          'warning',
          `declared ${formatCount(declaredParams)} parameters, but the architecture gives ${formatCount(computed)} (${Math.round(off * 100)}% off)`,
          params.args[0]?.span ?? params.nameSpan,
          {
            computed,
            // The whole value is replaced: a suffix glued on (`235Bx`) lexes apart and would otherwise stay behind.
            fixes:
              params.args.length && !params.block
                ? [
                    {
                      title: `Set params to the computed ${written}`,
                      span: spanOf(params.args[0], params.args[params.args.length - 1]),
                      newText: written,
                    },
                  ]
                : [],
          },
        ),
      );
    }
  }
  return spec;
}

const attentionKinds: readonly AttentionKind[] = ['mha', 'gqa', 'mla'];

function bindAttention(
  ctx: BindContext,
  field: Field | undefined,
  hidden: number | undefined,
): AttentionSpec | undefined {
  if (!field) return undefined;
  const r = new ArgReader(field, ctx.diagnostics);
  const kind = r.choice('an attention kind', attentionKinds)?.value;
  r.finish();
  if (!field.block) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO203',
        'error',
        'attention needs a block: attention gqa { heads 64  kv_heads 8  head_dim 128 }',
        field.span,
      ),
    );
    return undefined;
  }
  const { byName } = fieldsOf(ctx, 'attention', field.block.fields);
  const heads = countField(ctx, byName, 'heads');
  const kvHeads = countField(ctx, byName, 'kv_heads');
  const headDim = countField(ctx, byName, 'head_dim') ?? (heads && hidden ? hidden / heads : undefined);
  const spec: AttentionSpec | undefined =
    kind && heads && headDim
      ? { kind, heads, kvHeads: kind === 'gqa' ? (kvHeads ?? heads) : heads, headDim }
      : undefined;
  if (!heads) ctx.diagnostics.push(diagnostic('TOPO203', 'error', "attention needs 'heads'", field.nameSpan));
  if (spec && kind === 'gqa') {
    if (!kvHeads)
      ctx.diagnostics.push(diagnostic('TOPO203', 'error', "GQA attention needs 'kv_heads'", field.nameSpan));
    else if (heads! % kvHeads !== 0)
      ctx.diagnostics.push(
        diagnostic('TOPO303', 'error', `kv_heads ${kvHeads} must divide heads ${heads}`, byName.get('kv_heads')!.span),
      );
  }
  if (spec && kind === 'mla') {
    spec.qRank = countField(ctx, byName, 'q_rank');
    spec.kvRank = countField(ctx, byName, 'kv_rank');
    spec.ropeDim = countField(ctx, byName, 'rope', true) ?? 0;
    spec.vHeadDim = countField(ctx, byName, 'v_head_dim') ?? headDim;
    if (!spec.kvRank)
      ctx.diagnostics.push(
        diagnostic(
          'TOPO203',
          'error',
          "MLA attention needs 'kv_rank' (the latent the KV cache stores)",
          field.nameSpan,
        ),
      );
  }
  return spec;
}

function bindMoe(ctx: BindContext, field: Field | undefined, text: string): MoeSpec | undefined {
  if (!field) return undefined;
  new ArgReader(field, ctx.diagnostics).finish();
  if (!field.block) {
    ctx.diagnostics.push(
      diagnostic('TOPO203', 'error', 'moe needs a block: moe { experts 256  active 8  expert_ffn 2048 }', field.span),
    );
    return undefined;
  }
  const { byName } = fieldsOf(ctx, 'moe', field.block.fields);
  const complete = requireFields(
    ctx,
    'moe',
    byName,
    { span: field.span, blockSpan: field.block.closed ? field.block.span : undefined, nameSpan: field.nameSpan },
    text,
    { experts: '64', active: '8', expert_ffn: '2048' },
  );
  const experts = countField(ctx, byName, 'experts');
  const active = countField(ctx, byName, 'active');
  const expertFfn = countField(ctx, byName, 'expert_ffn');
  const shared = countField(ctx, byName, 'shared', true) ?? 0;
  const denseLayers = countField(ctx, byName, 'dense_layers', true) ?? 0;
  const denseFfn = countField(ctx, byName, 'dense_ffn');
  if (!complete || !experts || !active || !expertFfn) return undefined;
  if (active > experts) {
    ctx.diagnostics.push(
      diagnostic(
        'TOPO303',
        'error',
        `active experts (${active}) exceed the experts (${experts})`,
        byName.get('active')!.span,
      ),
    );
    return undefined;
  }
  return { experts, active, shared, expertFfn, denseLayers, denseFfn };
}
