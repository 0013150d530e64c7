package dev.purecache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every removal a cache reports. */
final class RemovalRecorder<K, V> implements RemovalListener<K, V> {
  record Removal<K, V>(K key, V value, RemovalCause cause) {}

  final List<Removal<K, V>> removals = new CopyOnWriteArrayList<>();

  @Override
  public void onRemoval(K key, V value, RemovalCause cause) {
    removals.add(new Removal<>(key, value, cause));
  }

  List<Removal<K, V>> drain() {
    List<Removal<K, V>> copy = new ArrayList<>(removals);
    removals.clear();
    return copy;
  }

  List<K> keys(RemovalCause cause) {
    return removals.stream().filter(r -> r.cause() == cause).map(Removal::key).toList();
  }
}
