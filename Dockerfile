# One image for every Driftwood service; the command picks the role
# (driftwood index | ui | alerts | ship | up).
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY store/package.json store/
COPY shipper/package.json shipper/
COPY shipper/winston/package.json shipper/winston/
COPY indexer/package.json indexer/
COPY ui/package.json ui/
COPY alerting/package.json alerting/
RUN npm ci --no-audit --no-fund
COPY . .
RUN cd ui && npx next build
RUN ln -s /app/bin/driftwood.ts /usr/local/bin/driftwood && chmod +x /app/bin/driftwood.ts
ENTRYPOINT ["node", "/app/bin/driftwood.ts"]
CMD ["up", "--host", "0.0.0.0", "--data", "/data"]
